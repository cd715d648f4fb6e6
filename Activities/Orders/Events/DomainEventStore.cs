using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Activities.Orders.Events;

/// <summary>
/// Appends order events and applies each to the projection, through the caller's <see cref="SagasDbContext"/> and
/// inside the caller's transaction: the event, the projection and the step's effect commit together or not at all.
/// </summary>
public sealed class DomainEventStore(SagasDbContext db, ILogger<DomainEventStore> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Appends the event unless one with <paramref name="idempotencyKey"/> exists (a redelivery): then
    /// nothing changes and false is returned. Call inside a transaction.</summary>
    public async Task<bool> AppendAsync(
        string aggregateId, string eventType, object payload, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (await db.DomainEvents().AnyAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken))
        {
            logger.LogInformation("Event {EventType} of {IdempotencyKey} already appended", eventType, idempotencyKey);
            return false;
        }

        var last = await db.DomainEvents().Where(e => e.AggregateId == aggregateId).MaxAsync(e => (int?)e.Sequence, cancellationToken);
        var appended = new DomainEvent
        {
            AggregateId = aggregateId,
            Sequence = (last ?? 0) + 1,
            EventType = eventType,
            PayloadJson = payload as string ?? JsonSerializer.Serialize(payload, payload.GetType(), Json),
            OccurredUtc = DateTime.UtcNow,
            IdempotencyKey = idempotencyKey,
        };
        db.DomainEvents().Add(appended);

        var row = await db.OrderFulfillmentSagas().FirstOrDefaultAsync(r => r.OrderId == aggregateId, cancellationToken);
        var applied = OrderProjection.Apply(row, appended);
        if (row is null)
        {
            db.OrderFulfillmentSagas().Add(applied);
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Appended {EventType} #{Sequence} to order {OrderId}", eventType, appended.Sequence, aggregateId);
        return true;
    }
}
