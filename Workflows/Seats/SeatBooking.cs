using System.Text.Json.Serialization;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Seats;

[JsonConverter(typeof(JsonStringEnumConverter<SeatBookingStatus>))]
public enum SeatBookingStatus
{
    /// <summary>The seats are being taken.</summary>
    Reserving,

    /// <summary>The seats are held until the TTL passes; confirm or release them.</summary>
    Held,

    /// <summary>A confirm is paying.</summary>
    Confirming,

    Confirmed,

    /// <summary>Released by its holder, or by a failed or timed-out payment.</summary>
    Released,

    /// <summary>The TTL passed without a confirm: the seats went back.</summary>
    Expired,

    /// <summary>No seats were taken: not enough left (<c>INSUFFICIENT_SEATS</c>) or invalid input.</summary>
    Rejected,
}

/// <summary>What a client sees of one booking: returned by the updates, the query <c>GetBooking</c> and in the result.</summary>
/// <param name="BookingId">The workflow id <c>seat-reservation-{key}</c>: the same key always names the same booking.</param>
/// <param name="ReserveAttempts">Activity attempts the reservation took (more than 1: the database was unavailable).</param>
public sealed record SeatBooking(
    string BookingId,
    string Key,
    string ZoneId,
    int Quantity,
    SeatBookingStatus Status,
    decimal Amount = 0,
    DateTime? ExpiresUtc = null,
    string? PaymentId = null,
    string? ErrorType = null,
    string? Error = null,
    int ReserveAttempts = 0)
{
    [JsonIgnore]
    public bool IsFinal => Status is SeatBookingStatus.Confirmed or SeatBookingStatus.Released or SeatBookingStatus.Expired or SeatBookingStatus.Rejected;
}

public sealed record SeatReservationResult(
    bool Success,
    SeatBooking Booking,
    string SagaId,
    SagaStatus Status,
    int StepsCompleted,
    IReadOnlyList<StepRecord> SagaLog,
    string? FailedStep = null,
    string? Error = null,
    string? ErrorType = null,
    CompensationSummary? CompensationResult = null)
{
    public static SeatReservationResult Confirmed(SagaState state, SeatBooking booking) => new(
        true, booking, state.SagaId, SagaStatus.Completed, state.StepsCompleted, state.Steps);

    public static SeatReservationResult FromFailure(SagaState state, SeatBooking booking) => new(
        false, booking, state.SagaId, state.Status, state.StepsCompleted, state.Steps, state.FailedStep, state.Error, state.ErrorType,
        state.Compensation);
}
