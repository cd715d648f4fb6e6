namespace TemporalSagas.Activities.Flights.Data;

/// <summary>Points ledger row: a deduction, or the refund of one (<see cref="RefundOf"/>).</summary>
public class LoyaltyTransaction
{
    public const string Deduct = "deduct";
    public const string Refund = "refund";

    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string Kind { get; set; }

    public int Points { get; set; }

    public string? RefundOf { get; set; }

    public required string IdempotencyKey { get; set; }

    public DateTime CreatedUtc { get; set; }
}
