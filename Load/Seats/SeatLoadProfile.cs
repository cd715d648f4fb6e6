using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Client;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Client;
using TemporalSagas.Client.Seats;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Seats;

/// <summary>
/// Seat reservations under load, as a client books: start the saga, wait until the seat is held (update
/// <c>WaitForHold</c>), confirm with a card (update <c>Confirm</c>: charge → confirm), then take the result. The
/// latency covers all of it. A --fail-at at RESERVE_SEATS rides on the reservation's fault plan, one at
/// CHARGE_PAYMENT or CONFIRM_RESERVATION on the confirm's.
/// </summary>
public sealed class SeatLoadProfile(ITemporalClient client, string taskQueue, LoadSettings settings, bool eagerStart) : ISagaLoadProfile
{
    /// <summary>The zone every saga takes one seat in; the top-up gives it a seat per saga.</summary>
    public const string Zone = SeatDemoData.Floor;

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => settings.FailAt is null ? "seat" : $"seat --fail-at {settings.FailAt}";

    public Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken) =>
        SagaLoadRun.MeasureAsync(
            settings,
            async token =>
            {
                var faults = SagaLoadRun.Faults(settings);
                var reserveFaults = settings.FailAt == SeatSteps.ReserveSeats ? faults : null;
                var handle = await StartAsync(client, taskQueue, new($"load-{run}-{index}", Zone, 1, Faults: reserveFaults), eagerStart, token);
                var booking = await handle.ExecuteUpdateAsync(wf => wf.WaitForHoldAsync(), new() { Rpc = new() { CancellationToken = token } });
                if (booking.Status == SeatBookingStatus.Held)
                {
                    var payment = new SeatConfirmation("card", Faults: reserveFaults is null ? faults : null);
                    try
                    {
                        await SeatReservationClient.ConfirmAsync(client, booking.BookingId, payment, token);
                    }
                    catch (SeatReservationException) when (reserveFaults is null && faults is not null)
                    {
                        // The confirm failed at the --fail-at step as asked and released the seat: the result says where.
                    }
                }

                var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = token });
                return new SagaOutcome(result.Status, result.FailedStep, result.ErrorType, result.SagaLog);
            },
            cancellationToken);

    /// <summary>Starts one reservation with the client's options (<see cref="SeatReservationClient.Options"/>), eagerly
    /// when asked: the reserve the CLI does with update-with-start, split in two so the start can be eager.</summary>
    public static Task<WorkflowHandle<SeatReservationWorkflow, SeatReservationResult>> StartAsync(
        ITemporalClient client, string taskQueue, SeatReservationInput input, bool eagerStart, CancellationToken cancellationToken)
    {
        var options = SeatReservationClient.Options(input, taskQueue);
        options.RequestEagerStart = eagerStart;
        options.Rpc = new() { CancellationToken = cancellationToken };
        return client.StartWorkflowAsync((SeatReservationWorkflow wf) => wf.RunAsync(input), options);
    }

    /// <summary>Gives <see cref="Zone"/> a free seat per saga; its capacity grows by the seats added, so
    /// <c>starter verify</c> still balances.</summary>
    public static async Task TopUpAsync(IServiceProvider services, int sagas, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagasDbContext>();
        await db.SeatZones()
            .Where(z => z.Id == Zone && z.Available < sagas)
            .ExecuteUpdateAsync(s => s.SetProperty(z => z.Capacity, z => z.Capacity + sagas - z.Available).SetProperty(z => z.Available, sagas), cancellationToken);
    }
}
