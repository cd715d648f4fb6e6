using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Activities.Orders;

/// <summary>
/// Orders: stock never negative; for the seeded SKUs, stock equals the seeded stock minus what live reservations
/// hold (a shipped order keeps its reservation). SKUs added by hand have no known initial stock: only the first rule.
/// Every order's events end consistently: no projection left at <c>compensating</c> (compensations with no outcome
/// after them), and no <c>fulfillment_completed</c> followed by compensations without an unsuccessful outcome after them.
/// </summary>
public sealed class OrderInvariants : IInvariantCheck
{
    public const string StuckCompensating = "order-not-stuck-compensating";
    public const string CompletedThenCompensated = "order-completed-then-compensated";

    private static readonly HashSet<string> Unsuccessful =
        [OrderEventTypes.FulfillmentFailed, OrderEventTypes.FulfillmentTimedOut, OrderEventTypes.FulfillmentCancelled];

    public string Domain => "orders";

    public async Task<IReadOnlyList<InvariantViolation>> CheckAsync(SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var violations = new List<InvariantViolation>();
        var items = await db.InventoryItems().AsNoTracking().ToListAsync(cancellationToken);
        var reserved = (await db.InventoryReservations().AsNoTracking()
                .Where(r => r.Status == InventoryReservation.Reserved)
                .Select(r => r.LinesJson)
                .ToListAsync(cancellationToken))
            .SelectMany(json => JsonSerializer.Deserialize<List<OrderLine>>(json) ?? [])
            .GroupBy(l => l.Sku)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var initial = OrderDemoData.Items.ToDictionary(i => i.Sku, i => i.Stock);

        foreach (var item in items)
        {
            if (item.Stock < 0)
            {
                violations.Add(new(Domain, "stock-never-negative", item.Sku, $"{item.Stock} in stock"));
            }

            var held = reserved.GetValueOrDefault(item.Sku);
            if (initial.TryGetValue(item.Sku, out var seeded) && item.Stock != seeded - held)
            {
                violations.Add(new(
                    Domain, "stock-balance", item.Sku, $"stock {item.Stock} != initial {seeded} - reserved {held} = {seeded - held}"));
            }
        }

        violations.AddRange(await OutcomeViolationsAsync(db, cancellationToken));
        return violations;
    }

    private async Task<List<InvariantViolation>> OutcomeViolationsAsync(SagasDbContext db, CancellationToken cancellationToken)
    {
        var violations = new List<InvariantViolation>();
        var stuck = await db.OrderFulfillmentSagas().AsNoTracking()
            .Where(r => r.State == OrderSagaStates.Compensating)
            .OrderBy(r => r.OrderId)
            .Select(r => new { r.OrderId, r.SagaId, r.LastSequence })
            .ToListAsync(cancellationToken);
        violations.AddRange(stuck.Select(r => new InvariantViolation(
            Domain, StuckCompensating, r.OrderId,
            $"saga {r.SagaId}: compensation events up to #{r.LastSequence} and no outcome after them")));

        // Only orders with a completion and a compensation are read in full.
        var suspects = await db.DomainEvents().AsNoTracking()
            .Where(e => e.EventType == OrderEventTypes.FulfillmentCompleted)
            .Select(e => e.AggregateId)
            .Intersect(db.DomainEvents().Where(e => e.EventType == OrderEventTypes.CompensationRecorded).Select(e => e.AggregateId))
            .ToListAsync(cancellationToken);
        foreach (var orderId in suspects.Order(StringComparer.Ordinal))
        {
            var events = await db.DomainEvents().AsNoTracking()
                .Where(e => e.AggregateId == orderId)
                .OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.EventType })
                .ToListAsync(cancellationToken);
            var completed = events.First(e => e.EventType == OrderEventTypes.FulfillmentCompleted).Sequence;
            var compensated = events.Where(e => e.EventType == OrderEventTypes.CompensationRecorded && e.Sequence > completed).ToList();
            if (compensated.Count > 0 && !events.Any(e => e.Sequence > compensated[^1].Sequence && Unsuccessful.Contains(e.EventType)))
            {
                violations.Add(new(
                    Domain, CompletedThenCompensated, orderId,
                    $"fulfillment_completed (#{completed}) followed by {compensated.Count} compensation event(s) and no unsuccessful outcome after them"));
            }
        }

        return violations;
    }
}
