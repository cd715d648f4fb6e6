using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Seats;

/// <summary>The seat saga's calls in a dirty run: a zone of the run's own, and reserve/confirm/release timed and
/// retried while the server is down (safe: the idempotency key is the booking).</summary>
public static class SeatDirtyRun
{
    /// <summary>A zone of this run's own with <paramref name="capacity"/> seats; its id is upper-case as zones must be.</summary>
    public static async Task<string> ZoneAsync(this DirtyRun run, string name, int capacity)
    {
        var id = $"{name}-{run.RunId}".ToUpperInvariant();
        await using var db = run.Db();
        await SeatDemoData.AddZoneAsync(db, id, capacity);
        return id;
    }

    public static Task<SeatBooking> ReserveAsync(this DirtyRun run, SeatReservationInput input, CancellationToken cancellationToken = default) =>
        run.TimeAsync("reserve", () => run.RetryWhileServerDownAsync(
            () => SeatReservationClient.ReserveAsync(run.Host.Client, input, run.Host.TaskQueue, cancellationToken), cancellationToken));

    /// <summary>Confirms; a refused confirm comes back as its error type instead of an exception.</summary>
    public static Task<(SeatBooking? Booking, string? ErrorType)> ConfirmAsync(this DirtyRun run, string bookingId, SeatConfirmation payment) =>
        run.TimeAsync("confirm", () => Refusable(() => run.RetryWhileServerDownAsync(
            () => SeatReservationClient.ConfirmAsync(run.Host.Client, bookingId, payment), default)));

    public static Task<(SeatBooking? Booking, string? ErrorType)> ReleaseAsync(this DirtyRun run, string bookingId) =>
        Refusable(() => run.RetryWhileServerDownAsync(() => SeatReservationClient.ReleaseAsync(run.Host.Client, bookingId), default));

    private static async Task<(SeatBooking? Booking, string? ErrorType)> Refusable(Func<Task<SeatBooking>> call)
    {
        try
        {
            return (await call(), null);
        }
        catch (SeatReservationException e)
        {
            return (null, e.ErrorType);
        }
    }
}
