using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Tests.Workflows.Flights;

/// <summary>Stands in for <see cref="FlightActivities"/> under the same activity names; fails where told to.</summary>
/// <param name="failures">Steps that fail with a business error (non-retryable), by error type.</param>
/// <param name="unreachable">Steps whose every attempt fails retryably, as when the provider cannot be reached.</param>
public sealed class FakeFlightActivities(
    IReadOnlyDictionary<string, string>? failures = null, IReadOnlySet<string>? unreachable = null)
{
    private readonly IReadOnlyDictionary<string, string> failures = failures ?? new Dictionary<string, string>();
    private readonly IReadOnlySet<string> unreachable = unreachable ?? new HashSet<string>();

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<PaymentRequest> Payments { get; } = new();

    public ConcurrentQueue<ReserveSeatRequest> Reservations { get; } = new();

    [Activity("ReserveSeat")]
    public Task<SeatHold> ReserveSeatAsync(ReserveSeatRequest request)
    {
        Reservations.Enqueue(request);
        if (request.Check is not null && InputProblems.Count > 0)
        {
            // As FlightActivities does: the data check riding on the step refuses the input before any effect.
            Calls.Enqueue(FlightSteps.ReserveSeat);
            throw new ApplicationFailureException(string.Join("; ", InputProblems), "INVALID_INPUT", nonRetryable: true);
        }

        return Run(FlightSteps.ReserveSeat, new SeatHold("hold-1", request.FlightId, request.SeatClass, request.Passengers));
    }

    [Activity("ReleaseSeat")]
    public Task<string> ReleaseSeatAsync(UndoRequest request) => Undo(FlightSteps.ReserveSeat);

    [Activity("DeductLoyaltyPoints")]
    public Task<PointsDeduction> DeductLoyaltyPointsAsync(DeductPointsRequest request) =>
        Run(FlightSteps.DeductLoyaltyPoints, new PointsDeduction("ded-1", request.UserId, request.Points, request.Points * FlightSteps.PointValue));

    [Activity("RefundLoyaltyPoints")]
    public Task<string> RefundLoyaltyPointsAsync(UndoRequest request) => Undo(FlightSteps.DeductLoyaltyPoints);

    [Activity("ProcessPayment")]
    public Task<PaymentReceipt> ProcessPaymentAsync(PaymentRequest request)
    {
        Payments.Enqueue(request);
        return Run(FlightSteps.ProcessPayment, new PaymentReceipt("pay-1", request.UserId, request.Amount, request.PaymentMethod));
    }

    [Activity("RefundPayment")]
    public Task<string> RefundPaymentAsync(UndoRequest request) => Undo(FlightSteps.ProcessPayment);

    [Activity("ConfirmBooking")]
    public Task<BookingConfirmation> ConfirmBookingAsync(ConfirmBookingRequest request) =>
        Run(FlightSteps.ConfirmBooking, new BookingConfirmation("booking-1", "ABCD2345"));

    [Activity("CancelBooking")]
    public Task<string> CancelBookingAsync(UndoRequest request) => Undo(FlightSteps.ConfirmBooking);

    private Task<T> Run<T>(string step, T result)
    {
        Calls.Enqueue(step);
        if (unreachable.Contains(step))
        {
            throw new ApplicationFailureException($"{step}: provider unreachable", "PROVIDER_UNREACHABLE");
        }

        return failures.TryGetValue(step, out var errorType)
            ? throw new ApplicationFailureException($"{step} failed: {errorType}", errorType, nonRetryable: true)
            : Task.FromResult(result);
    }

    /// <summary>Problems the input check reports (on RESERVE_SEAT, or CheckBooking in sagas started before the
    /// check rode on the step); none by default.</summary>
    public List<string> InputProblems { get; } = [];

    [Activity("CheckBooking")]
    public Task<IReadOnlyList<string>> CheckBookingAsync(BookingCheckRequest request)
    {
        Calls.Enqueue("CHECK_INPUT");
        return Task.FromResult<IReadOnlyList<string>>(InputProblems);
    }

    [Activity("StepHappened")]
    public Task<bool> StepHappenedAsync(StepCheckRequest request)
    {
        Calls.Enqueue($"CHECK:{request.StepKey}");
        return Task.FromResult(true);
    }

    private Task<string> Undo(string step)
    {
        Calls.Enqueue($"COMPENSATE_{step}");
        return Task.FromResult(CompensationOutcome.Undone);
    }
}
