using System.Text.Json.Serialization;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Workflows.Flights;

/// <param name="LocalSteps">Run the steps that write only the worker's own database as local activities.</param>
/// <param name="DeadlineSeconds">Optional saga deadline: when it passes before the booking is confirmed, the saga
/// compensates what it did and ends TimedOut.</param>
public sealed record FlightBookingInput(
    string FlightId,
    string UserId,
    int Passengers,
    string SeatClass,
    decimal TotalFare,
    int LoyaltyPointsToUse = 0,
    string PaymentMethod = "card",
    FaultPlan? Faults = null,
    bool LocalSteps = false,
    int? DeadlineSeconds = null)
{
    public const int MaxIdLength = 64;
    public const int MaxPassengers = 9;
    public const decimal MaxFare = 1_000_000m;
    public const int MaxLoyaltyPoints = 100_000_000;
    public const int MaxDeadlineSeconds = 7 * 24 * 3600;

    public static readonly IReadOnlyList<string> SeatClasses = ["economy", "business", "first"];

    [JsonIgnore]
    public decimal PointsDiscount => LoyaltyPointsToUse * FlightSteps.PointValue;

    [JsonIgnore]
    public decimal AmountToCharge => TotalFare - PointsDiscount;

    /// <summary>
    /// Every problem with this input on its own (the workflow then checks ids against the database); empty when it
    /// is valid. Each problem starts with the field it names. Used by the CLI and the workflow alike.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        IdProblem("flight id", FlightId, problems);
        IdProblem("user id", UserId, problems);

        if (Passengers is < 1 or > MaxPassengers)
        {
            problems.Add($"passengers must be between 1 and {MaxPassengers} (got {Passengers})");
        }

        if (!SeatClasses.Contains(SeatClass))
        {
            problems.Add($"seat class must be one of {string.Join(", ", SeatClasses)} (got '{SeatClass}')");
        }

        if (TotalFare is <= 0 or > MaxFare || decimal.Round(TotalFare, 2) != TotalFare)
        {
            problems.Add($"total fare must be greater than 0 and at most {MaxFare:0}, in cents at most (got {TotalFare})");
        }

        if (LoyaltyPointsToUse is < 0 or > MaxLoyaltyPoints)
        {
            problems.Add($"loyalty points must be between 0 and {MaxLoyaltyPoints} (got {LoyaltyPointsToUse})");
        }
        else if (TotalFare > 0 && PointsDiscount >= TotalFare)
        {
            problems.Add($"loyalty points discount ({PointsDiscount}) must be less than the fare ({TotalFare})");
        }

        if (string.IsNullOrWhiteSpace(PaymentMethod) || PaymentMethod.Length > MaxIdLength)
        {
            problems.Add($"payment method is required, at most {MaxIdLength} characters");
        }

        if (DeadlineSeconds is < 1 or > MaxDeadlineSeconds)
        {
            problems.Add($"deadline seconds must be between 1 and {MaxDeadlineSeconds} (got {DeadlineSeconds})");
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems(FlightSteps.All));
        }

        return problems;
    }

    private static void IdProblem(string field, string? value, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is required");
        }
        else if (value.Length > MaxIdLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"{field} must be 1-{MaxIdLength} letters, digits, '-', '_' or '.' (got '{Truncate(value)}')");
        }
    }

    private static string Truncate(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
