using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Flights;

/// <param name="Check">When set, the step first checks the booking against the database (the saga's data check riding
/// on its first step) and refuses it with <c>INVALID_INPUT</c>, before any effect, naming every problem.</param>
public sealed record ReserveSeatRequest(
    string IdempotencyKey, string FlightId, string SeatClass, int Passengers, FaultPlan? Faults = null, BookingCheckRequest? Check = null);

public sealed record SeatHold(string HoldId, string FlightId, string SeatClass, int Seats);

/// <summary>A compensation: <paramref name="StepKey"/> is the forward step's key, by which the effect is found
/// even when the step's result never reached the workflow.</summary>
public sealed record UndoRequest(string IdempotencyKey, string StepKey, FaultPlan? Faults = null);

public sealed record DeductPointsRequest(string IdempotencyKey, string UserId, int Points, FaultPlan? Faults = null);

public sealed record PointsDeduction(string DeductionId, string UserId, int Points, decimal Discount);

public sealed record PaymentRequest(
    string IdempotencyKey, string UserId, decimal Amount, string PaymentMethod, FaultPlan? Faults = null);

public sealed record PaymentReceipt(string PaymentId, string UserId, decimal Amount, string PaymentMethod);

public sealed record ConfirmBookingRequest(
    string IdempotencyKey,
    string FlightId,
    string UserId,
    string SeatClass,
    int Passengers,
    string HoldId,
    string PaymentId,
    FaultPlan? Faults = null);

public sealed record BookingConfirmation(string BookingId, string BookingReference);

/// <summary>What the workflow checks against the database before any step takes effect.</summary>
public sealed record BookingCheckRequest(string FlightId, string SeatClass, string UserId);
