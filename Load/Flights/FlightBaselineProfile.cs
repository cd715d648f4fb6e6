using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;
using static TemporalSagas.Load.BaselineSaga;

namespace TemporalSagas.Load.Flights;

/// <summary>
/// The flight saga without Temporal: the same activities, in the same order, with the same idempotency keys and
/// the same reverse-order compensations, each call on a <see cref="FlightActivities"/> from its own DI scope as on
/// the worker. No retries, no durability: what is left is the cost of the work itself.
/// </summary>
public sealed class FlightBaselineProfile(IServiceProvider services, LoadSettings settings) : ISagaLoadProfile
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => FlightLoadProfile.NameOf(settings);

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        var input = FlightLoadProfile.Input(index, settings);
        var faults = input.Faults;
        var sagaId = FlightBookingWorkflow.WorkflowId($"baseline-{run}-{index}");
        var undo = new Stack<(string Step, Func<FlightActivities, Task> Compensate)>();
        var step = FlightSteps.ReserveSeat;
        var clock = Stopwatch.StartNew();
        try
        {
            var hold = await CallAsync(a => a.ReserveSeatAsync(
                new(Key(sagaId, step), input.FlightId, input.SeatClass, input.Passengers, faults)));
            undo.Push((step, a => a.ReleaseSeatAsync(new(CompensationKey(sagaId, FlightSteps.ReserveSeat), Key(sagaId, FlightSteps.ReserveSeat), faults))));

            if (input.LoyaltyPointsToUse > 0)
            {
                step = FlightSteps.DeductLoyaltyPoints;
                await CallAsync(a => a.DeductLoyaltyPointsAsync(
                    new(Key(sagaId, step), input.UserId, input.LoyaltyPointsToUse, faults)));
                undo.Push((step, a => a.RefundLoyaltyPointsAsync(
                    new(CompensationKey(sagaId, FlightSteps.DeductLoyaltyPoints), Key(sagaId, FlightSteps.DeductLoyaltyPoints), faults))));
            }

            step = FlightSteps.ProcessPayment;
            var payment = await CallAsync(a => a.ProcessPaymentAsync(
                new(Key(sagaId, step), input.UserId, input.AmountToCharge, input.PaymentMethod, faults)));
            undo.Push((step, a => a.RefundPaymentAsync(new(CompensationKey(sagaId, FlightSteps.ProcessPayment), Key(sagaId, FlightSteps.ProcessPayment), faults))));

            step = FlightSteps.ConfirmBooking;
            await CallAsync(a => a.ConfirmBookingAsync(new(
                Key(sagaId, step), input.FlightId, input.UserId, input.SeatClass, input.Passengers,
                hold.HoldId, payment.PaymentId, faults)));

            clock.Stop();
            return new SagaSample(clock.Elapsed, SagaSample.Unexpected(settings.FailAt, SagaStatus.Completed, null, null), []);
        }
        catch (ApplicationFailureException failure)
        {
            var compensations = new List<StepTiming>();
            while (undo.TryPop(out var compensation))
            {
                var started = Stopwatch.GetTimestamp();
                await CallAsync(compensation.Compensate);
                compensations.Add(new($"COMPENSATE_{compensation.Step}", Stopwatch.GetElapsedTime(started)));
            }

            clock.Stop();
            var error = SagaSample.Unexpected(settings.FailAt, SagaStatus.Compensated, step, failure.ErrorType);
            return new SagaSample(clock.Elapsed, error, compensations);
        }
#pragma warning disable CA1031 // a failing call is a counted error of the run, not the end of it
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            return new SagaSample(clock.Elapsed, $"baseline call failed: {e.GetType().Name}", []);
        }
    }

    private async Task<T> CallAsync<T>(Func<FlightActivities, Task<T>> call)
    {
        await using var scope = services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<FlightActivities>());
    }

    private async Task CallAsync(Func<FlightActivities, Task> call)
    {
        await using var scope = services.CreateAsyncScope();
        await call(scope.ServiceProvider.GetRequiredService<FlightActivities>());
    }
}
