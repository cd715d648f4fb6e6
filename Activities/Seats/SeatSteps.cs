namespace TemporalSagas.Activities.Seats;

/// <summary>The seat reservation saga's steps: the ledger, fault plans and tests use these names.</summary>
public static class SeatSteps
{
    public const string ReserveSeats = "RESERVE_SEATS";
    public const string AwaitDecision = "AWAIT_DECISION";
    public const string ChargePayment = "CHARGE_PAYMENT";
    public const string ConfirmReservation = "CONFIRM_RESERVATION";

    /// <summary>The steps a fault plan may name: those that run an activity.</summary>
    public static readonly IReadOnlyList<string> FaultSteps = [ReserveSeats, ChargePayment, ConfirmReservation];
}
