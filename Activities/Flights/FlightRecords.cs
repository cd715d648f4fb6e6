using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Flights;

public sealed record ReserveSeatRequest(
    string IdempotencyKey, string FlightId, string SeatClass, int Passengers, FaultPlan? Faults = null);

public sealed record SeatHold(string HoldId, string FlightId, string SeatClass, int Seats);

public sealed record ReleaseSeatRequest(string IdempotencyKey, SeatHold Hold, FaultPlan? Faults = null);

public sealed record DeductPointsRequest(string IdempotencyKey, string UserId, int Points, FaultPlan? Faults = null);

public sealed record PointsDeduction(string DeductionId, string UserId, int Points, decimal Discount);

public sealed record RefundPointsRequest(string IdempotencyKey, PointsDeduction Deduction, FaultPlan? Faults = null);

public sealed record PaymentRequest(
    string IdempotencyKey, string UserId, decimal Amount, string PaymentMethod, FaultPlan? Faults = null);

public sealed record PaymentReceipt(string PaymentId, string UserId, decimal Amount, string PaymentMethod);

public sealed record RefundPaymentRequest(string IdempotencyKey, PaymentReceipt Payment, FaultPlan? Faults = null);

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

public sealed record CancelBookingRequest(string IdempotencyKey, BookingConfirmation Booking, FaultPlan? Faults = null);
