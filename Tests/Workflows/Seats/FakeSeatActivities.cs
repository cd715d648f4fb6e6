using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Seats;

namespace TemporalSagas.Tests.Workflows.Seats;

/// <summary>Stands in for the seat activities under the same activity names: a zone of <see cref="Available"/> seats.</summary>
public sealed class FakeSeatActivities
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public int Available { get; set; } = 10;

    public List<string> InputProblems { get; } = [];

    public bool DeclinePayment { get; set; }

    /// <summary>How long the reserve takes (a hold a new worker is still replaying looks the same to an update).</summary>
    public TimeSpan ReserveDelay { get; set; }

    /// <summary>How long the payment takes; <see cref="ChargeStarted"/> is set when it begins.</summary>
    public TimeSpan ChargeDelay { get; set; }

    public TaskCompletionSource ChargeStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Activity("CheckSeatReservation")]
    public Task<IReadOnlyList<string>> CheckAsync(SeatCheckRequest request)
    {
        Calls.Enqueue("CHECK_INPUT");
        return Task.FromResult<IReadOnlyList<string>>([.. InputProblems]);
    }

    [Activity("ReserveSeats")]
    public async Task<SeatsHeld> ReserveAsync(ReserveSeatsRequest request)
    {
        Calls.Enqueue(SeatSteps.ReserveSeats);
        await Task.Delay(ReserveDelay);
        if (Available < request.Quantity)
        {
            throw BusinessFailure.Create(SeatErrors.InsufficientSeats, $"{Available} left");
        }

        Available -= request.Quantity;
        return new SeatsHeld("seat_1", request.ZoneId, request.Quantity, request.Quantity * 10m, 1);
    }

    [Activity("ReleaseSeats")]
    public Task<string> ReleaseAsync(SeatUndoRequest request)
    {
        Calls.Enqueue("COMPENSATE_" + SeatSteps.ReserveSeats);
        return Undo(SeatSteps.ReserveSeats);
    }

    [Activity("ChargeSeats")]
    public async Task<SeatPaymentReceipt> ChargeAsync(ChargeSeatsRequest request)
    {
        Calls.Enqueue(SeatSteps.ChargePayment);
        ChargeStarted.TrySetResult();
        await Task.Delay(ChargeDelay);
        return DeclinePayment
            ? throw new ApplicationFailureException("declined", SeatErrors.PaymentDeclined, nonRetryable: true)
            : new SeatPaymentReceipt("spay_1", request.Amount, request.PaymentMethod);
    }

    [Activity("RefundSeats")]
    public Task<string> RefundAsync(SeatUndoRequest request)
    {
        Calls.Enqueue("COMPENSATE_" + SeatSteps.ChargePayment);
        return Undo(SeatSteps.ChargePayment);
    }

    [Activity("ConfirmSeats")]
    public Task<SeatsConfirmed> ConfirmAsync(ConfirmSeatsRequest request)
    {
        Calls.Enqueue(SeatSteps.ConfirmReservation);
        return Task.FromResult(new SeatsConfirmed("seat_1", request.PaymentId, DateTime.UnixEpoch));
    }

    [Activity("StepHappened")]
    public Task<bool> StepHappenedAsync(StepCheckRequest request) => Task.FromResult(true);

    /// <summary>Steps whose compensation fails non-retryably (the saga goes to manual review), each for as many calls
    /// as given; every other compensation undoes.</summary>
    public Dictionary<string, int> UndoFailures { get; } = [];

    private Task<string> Undo(string step)
    {
        lock (UndoFailures)
        {
            if (UndoFailures.TryGetValue(step, out var left) && left > 0)
            {
                UndoFailures[step] = left - 1;
                throw new ApplicationFailureException($"undo of {step} failed", "UNDO_FAILED", nonRetryable: true);
            }
        }

        return Task.FromResult(CompensationOutcome.Undone);
    }
}
