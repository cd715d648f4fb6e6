namespace TemporalSagas.Activities.Data.Entities;

/// <summary>The first result of a side-effecting activity, keyed by its idempotency key.</summary>
public class IdempotencyRecord
{
    public required string Key { get; set; }

    public required string Operation { get; set; }

    public required string ResultJson { get; set; }

    public DateTime CreatedUtc { get; set; }
}
