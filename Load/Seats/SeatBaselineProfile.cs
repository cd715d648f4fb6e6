using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Workflows.Seats;
using static TemporalSagas.Load.BaselineSaga;

namespace TemporalSagas.Load.Seats;

/// <summary>
/// The seat saga without Temporal, as <see cref="FlightBaselineProfile"/> is the flight's: hold a seat, charge the
/// card, confirm, each activity from its own DI scope with the engine's key shape, and on failure the compensations
/// of the steps done in reverse order. No hold TTL, no client round trips, no retries, no durability.
/// </summary>
public sealed class SeatBaselineProfile(IServiceProvider services, LoadSettings settings) : ISagaLoadProfile
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => settings.FailAt is null ? "seat" : $"seat --fail-at {settings.FailAt}";

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        var faults = SagaLoadRun.Faults(settings);
        var bookingId = SeatReservationWorkflow.WorkflowId($"baseline-{run}-{index}");
        var undo = new Stack<(string Step, Func<Task> Compensate)>();
        var step = SeatSteps.ReserveSeats;
        var clock = Stopwatch.StartNew();
        try
        {
            var held = await CallAsync(a => a.ReserveSeatsAsync(
                new(Key(bookingId, step), bookingId, SeatLoadProfile.Zone, 1, DateTime.UtcNow + SeatReservationInput.DefaultTtl, faults)));
            undo.Push((step, () => CallAsync(a => a.ReleaseSeatsAsync(UndoRequest(bookingId, SeatSteps.ReserveSeats)))));

            step = SeatSteps.ChargePayment;
            var receipt = await CallAsync(a => a.ChargeSeatsAsync(new(Key(bookingId, step), bookingId, held.Amount, "card", faults)));
            undo.Push((step, () => CallAsync(a => a.RefundSeatsAsync(UndoRequest(bookingId, SeatSteps.ChargePayment)))));

            step = SeatSteps.ConfirmReservation;
            await CallAsync(a => a.ConfirmSeatsAsync(new(Key(bookingId, step), bookingId, Key(bookingId, SeatSteps.ReserveSeats), receipt.PaymentId, faults)));

            return BaselineSaga.Completed(settings, clock);
        }
        catch (ApplicationFailureException failure)
        {
            return await BaselineSaga.CompensatedAsync(settings, clock, undo, step, failure);
        }
#pragma warning disable CA1031 // a failing call is a counted error of the run, not the end of it
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return BaselineSaga.CallFailed(clock, e);
        }
    }

    private SeatUndoRequest UndoRequest(string bookingId, string step) =>
        new(CompensationKey(bookingId, step), Key(bookingId, step), bookingId, step, SagaLoadRun.Faults(settings));

    private async Task<T> CallAsync<T>(Func<SeatActivities, Task<T>> call)
    {
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<SeatActivities>());
    }
}
