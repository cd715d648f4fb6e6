using System.Text.Json.Serialization;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Workflows.Flights;

public sealed record FlightBookingInput(
    string FlightId,
    string UserId,
    int Passengers,
    string SeatClass,
    decimal TotalFare,
    int LoyaltyPointsToUse = 0,
    string PaymentMethod = "card",
    FaultPlan? Faults = null)
{
    public static readonly IReadOnlyList<string> SeatClasses = ["economy", "business", "first"];

    [JsonIgnore]
    public decimal PointsDiscount => LoyaltyPointsToUse * FlightSteps.PointValue;

    [JsonIgnore]
    public decimal AmountToCharge => TotalFare - PointsDiscount;

    /// <summary>Every problem with this input; empty when it is valid. Used by the CLI and the workflow alike.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(FlightId))
        {
            problems.Add("flight id is required");
        }

        if (string.IsNullOrWhiteSpace(UserId))
        {
            problems.Add("user id is required");
        }

        if (Passengers is < 1 or > 9)
        {
            problems.Add($"passengers must be between 1 and 9 (got {Passengers})");
        }

        if (!SeatClasses.Contains(SeatClass))
        {
            problems.Add($"seat class must be one of {string.Join(", ", SeatClasses)} (got '{SeatClass}')");
        }

        if (TotalFare <= 0)
        {
            problems.Add($"total fare must be greater than 0 (got {TotalFare})");
        }

        if (LoyaltyPointsToUse < 0)
        {
            problems.Add($"loyalty points to use cannot be negative (got {LoyaltyPointsToUse})");
        }
        else if (TotalFare > 0 && PointsDiscount >= TotalFare)
        {
            problems.Add($"loyalty points discount ({PointsDiscount}) must be less than the fare ({TotalFare})");
        }

        if (string.IsNullOrWhiteSpace(PaymentMethod))
        {
            problems.Add("payment method is required");
        }

        if (Faults is not null)
        {
            foreach (var step in new[] { Faults.FailAt, Faults.TransientAt, Faults.FailCompensationOf })
            {
                if (step is not null && !FlightSteps.All.Contains(step))
                {
                    problems.Add($"unknown step '{step}' (steps: {string.Join(", ", FlightSteps.All)})");
                }
            }

            if (Faults.TransientFailures < 0 || Faults.CompensationFailures < 0)
            {
                problems.Add("fault counts cannot be negative");
            }
        }

        return problems;
    }
}
