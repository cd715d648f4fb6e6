namespace TemporalSagas.Activities.Flights;

/// <summary>The flight saga's business error types (non-retryable).</summary>
public static class FlightErrors
{
    public const string InsufficientSeats = "INSUFFICIENT_SEATS";
    public const string InsufficientPoints = "INSUFFICIENT_POINTS";
    public const string PaymentDeclined = "PAYMENT_DECLINED";
}
