namespace TemporalSagas.Activities.Orders.Data;

/// <summary>
/// One row of the append-only <c>domain_events</c> table. <see cref="IdempotencyKey"/> is unique: a redelivered
/// append finds its event and adds nothing; <see cref="Sequence"/> counts per aggregate from 1.
/// </summary>
public class DomainEvent
{
    public long Id { get; set; }

    public required string AggregateId { get; set; }

    public int Sequence { get; set; }

    public required string EventType { get; set; }

    public required string PayloadJson { get; set; }

    public DateTime OccurredUtc { get; set; }

    public required string IdempotencyKey { get; set; }
}
