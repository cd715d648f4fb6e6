namespace TemporalSagas.Client.Seats;

/// <summary>A confirm or release the reservation refused, with its stable error type
/// (<c>RESERVATION_NOT_FOUND</c>, <c>PAYMENT_DECLINED</c>, <c>PAYMENT_TIMEOUT</c>, <c>INVALID_INPUT</c>).</summary>
public sealed class SeatReservationException(string errorType, string message) : SagaRefusedException(errorType, message);
