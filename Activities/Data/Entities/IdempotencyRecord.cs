namespace TemporalSagas.Activities.Data.Entities;

/// <summary>
/// The first result of a side-effecting activity, keyed by its idempotency key, with a fingerprint of the request
/// it answered. A fence (<see cref="FenceOperation"/>) marks a step key the saga compensated as "did not happen".
/// </summary>
public class IdempotencyRecord
{
    public const string FenceOperation = "fence";

    public required string Key { get; set; }

    public required string Operation { get; set; }

    public required string ResultJson { get; set; }

    /// <summary>SHA-256 of the request's JSON; the same key with another request is an <c>IDEMPOTENCY_CONFLICT</c>.</summary>
    public string RequestHash { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }
}
