using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Activities.Orders;

/// <summary>The order itself: the input check, creating and cancelling the order, and transitions that have no
/// activity of their own. Each effect and its domain event commit in one transaction.</summary>
public class OrderActivities(
    SagasDbContext db, Idempotency idempotency, FaultInjector faults, DomainEventStore events, OrderCompensations compensations)
{
    /// <summary>Read-only: input problems against the database (unknown SKU, order id taken) and the SKUs needing a prescription.</summary>
    [Activity]
    public async Task<OrderCheck> CheckOrderAsync(OrderCheckRequest request)
    {
        var ct = ActivityCancellation.Token;
        var skus = request.Skus.Distinct(StringComparer.Ordinal).ToList();
        var known = await db.InventoryItems().AsNoTracking().Where(i => skus.Contains(i.Sku)).ToListAsync(ct);
        var unknown = skus.Where(s => known.All(k => k.Sku != s)).ToList();

        // The SKUs there are, as the seat form offers its zones: an operator who mistyped one sees the right spelling.
        var offered = unknown.Count == 0 ? [] : await db.InventoryItems().AsNoTracking().Select(i => i.Sku).OrderBy(s => s).Take(20).ToListAsync(ct);
        var problems = unknown.Select(s => $"items: unknown SKU '{s}' (SKUs: {string.Join(", ", offered)})").ToList();
        if (await db.Orders().AnyAsync(o => o.Id == request.OrderId, ct))
        {
            problems.Add($"order id: order '{request.OrderId}' already exists");
        }

        return new OrderCheck(problems, known.Where(k => k.RequiresPrescription).Select(k => k.Sku).Order(StringComparer.Ordinal).ToList());
    }

    [Activity]
    public async Task<OrderCreated> CreateOrderAsync(CreateOrderRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(OrderSteps.CreateOrder, request.IdempotencyKey, request.Faults);
        var created = await idempotency.RunOnceAsync(request.IdempotencyKey, "create-order", request, async () =>
        {
            if (await db.Orders().AnyAsync(o => o.Id == request.OrderId, ct))
            {
                throw BusinessFailure.InvalidInput($"order '{request.OrderId}' already exists");
            }

            var order = new Order
            {
                Id = request.OrderId,
                SagaId = request.SagaId,
                ItemsJson = JsonSerializer.Serialize(request.Items, DomainEventStore.Json),
                ShippingAddress = request.ShippingAddress,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            };
            db.Orders().Add(order);
            await events.AppendAsync(
                request.OrderId,
                OrderEventTypes.FulfillmentStarted,
                new { sagaId = request.SagaId, items = request.Items, shippingAddress = request.ShippingAddress },
                request.IdempotencyKey,
                ct);
            return new OrderCreated(order.Id, order.CreatedUtc);
        }, ct);
        faults.AfterEffect(OrderSteps.CreateOrder, request.IdempotencyKey, request.Faults);
        return created;
    }

    [Activity]
    public Task<string> CancelOrderAsync(OrderUndoRequest request) =>
        compensations.UndoAsync(request, "cancel-order", async ct =>
        {
            var orders = db.Orders().Where(o => o.IdempotencyKey == request.StepKey);
            if (!await orders.AnyAsync(ct))
            {
                return CompensationOutcome.NothingToUndo;
            }

            var cancelled = await orders.Where(o => o.Status == Order.Created).ExecuteUpdateAsync(
                s => s.SetProperty(o => o.Status, Order.Cancelled).SetProperty(o => o.CancelledUtc, DateTime.UtcNow), ct);
            return cancelled == 0 ? CompensationOutcome.AlreadyUndone : CompensationOutcome.Undone;
        });

    /// <summary>Appends one event for a transition without an activity of its own; a redelivery appends nothing.
    /// Returns whether this call appended it.</summary>
    [Activity]
    public async Task<bool> RecordTransitionAsync(RecordTransitionRequest request)
    {
        var ct = ActivityCancellation.Token;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var appended = await events.AppendAsync(request.OrderId, request.EventType, request.PayloadJson, request.IdempotencyKey, ct);
        await transaction.CommitAsync(ct);
        return appended;
    }
}
