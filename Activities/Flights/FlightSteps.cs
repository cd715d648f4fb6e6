namespace TemporalSagas.Activities.Flights;

public static class FlightSteps
{
    public const string ReserveSeat = "RESERVE_SEAT";
    public const string DeductLoyaltyPoints = "DEDUCT_LOYALTY_POINTS";
    public const string ProcessPayment = "PROCESS_PAYMENT";
    public const string ConfirmBooking = "CONFIRM_BOOKING";

    public static readonly IReadOnlyList<string> All = [ReserveSeat, DeductLoyaltyPoints, ProcessPayment, ConfirmBooking];

    /// <summary>What one loyalty point is worth against the fare.</summary>
    public const decimal PointValue = 0.01m;
}
