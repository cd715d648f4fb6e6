using Temporalio.Client;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Seats;

/// <summary>Seat holds waiting on their TTL timer: opened once <c>WaitForHold</c> answers Held, released with the
/// <c>Release</c> update, closed when the result says Compensated (<c>RESERVATION_RELEASED</c>).</summary>
public sealed class SeatOpenProfile(ITemporalClient client, string taskQueue, bool eagerStart) : IOpenSagaProfile
{
    /// <summary>Far longer than any run: no hold may expire while it is measured.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(6);

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => $"seat (held, TTL {Ttl.TotalHours:0} h)";

    public async Task<string?> OpenAsync(int index, CancellationToken cancellationToken)
    {
        var handle = await SeatLoadProfile.StartAsync(client, taskQueue, new(Key(index), SeatLoadProfile.Zone, 1, Ttl), eagerStart, cancellationToken);
        var booking = await handle.ExecuteUpdateAsync(wf => wf.WaitForHoldAsync(), new() { Rpc = new() { CancellationToken = cancellationToken } });
        return booking.Status == SeatBookingStatus.Held ? null : $"not held: {booking.Status} {booking.ErrorType}";
    }

    public async Task<string?> CloseAsync(int index, CancellationToken cancellationToken)
    {
        var bookingId = SeatReservationWorkflow.WorkflowId(Key(index));
        try
        {
            await SeatReservationClient.ReleaseAsync(client, bookingId, cancellationToken);
        }
        catch (SeatReservationException e)
        {
            return $"release refused: {e.ErrorType}";
        }

        var result = await SeatReservationClient.Handle(client, bookingId).GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
        return result.Status == SagaStatus.Compensated && result.ErrorType == SeatErrors.ReservationReleased
            ? null
            : $"closed {result.Status} ({result.ErrorType})";
    }

    private string Key(int index) => $"open-{run}-{index}";
}
