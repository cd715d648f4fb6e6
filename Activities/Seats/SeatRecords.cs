using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Seats;

/// <summary>What the workflow checks against the database before any step runs.</summary>
public sealed record SeatCheckRequest(string ZoneId, int Quantity);

public sealed record ReserveSeatsRequest(
    string IdempotencyKey, string BookingId, string ZoneId, int Quantity, DateTime ExpiresUtc, FaultPlan? Faults = null);

/// <param name="Attempt">The activity attempt that took the seats: attempts before it failed, e.g. on a locked database.</param>
public sealed record SeatsHeld(string ReservationId, string ZoneId, int Quantity, decimal Amount, int Attempt);

public sealed record ChargeSeatsRequest(
    string IdempotencyKey, string BookingId, decimal Amount, string PaymentMethod, FaultPlan? Faults = null);

public sealed record SeatPaymentReceipt(string PaymentId, decimal Amount, string PaymentMethod);

public sealed record ConfirmSeatsRequest(string IdempotencyKey, string BookingId, string ReserveKey, string PaymentId, FaultPlan? Faults = null);

public sealed record SeatsConfirmed(string ReservationId, string PaymentId, DateTime ConfirmedUtc);

/// <summary>A compensation of a seat step: <paramref name="StepKey"/> finds the step's effect.</summary>
public sealed record SeatUndoRequest(string IdempotencyKey, string StepKey, string BookingId, string Step, FaultPlan? Faults = null);

/// <summary>One zone as <c>seats zones</c> lists it.</summary>
public sealed record SeatZoneInfo(string Id, string Name, int Capacity, int Available, int Held, int Confirmed, decimal PricePerSeat);
