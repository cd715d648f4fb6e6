using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Activities.Orders.Events;

/// <summary>
/// The <c>order_fulfillment_sagas</c> projection as a fold over an order's events: <see cref="Apply"/> is the only
/// code that changes a row, used both when an event is appended and by <see cref="RebuildAsync"/>. Every value comes
/// from the events (times included), so a rebuild reproduces the live table exactly.
/// </summary>
public static class OrderProjection
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OrderFulfillmentSaga Apply(OrderFulfillmentSaga? row, DomainEvent e)
    {
        using var payload = JsonDocument.Parse(e.PayloadJson);
        var fields = payload.RootElement;
        row ??= new OrderFulfillmentSaga
        {
            OrderId = e.AggregateId,
            SagaId = Text(fields, "sagaId") ?? $"order-{e.AggregateId}",
            State = OrderSagaStates.Started,
            StartedUtc = e.OccurredUtc,
        };

        switch (e.EventType)
        {
            case OrderEventTypes.FulfillmentStarted:
                row.State = OrderSagaStates.Started;
                Push(row, OrderSteps.CreateOrder);
                break;
            case OrderEventTypes.PrescriptionCreated:
                row.State = OrderSagaStates.AwaitingApproval;
                Push(row, OrderSteps.CreatePrescription);
                break;
            case OrderEventTypes.PrescriptionApproved:
                row.State = OrderSagaStates.Approved;
                break;
            case OrderEventTypes.InventoryReserved:
                row.State = OrderSagaStates.InventoryReserved;
                Push(row, OrderSteps.ReserveInventory);
                break;
            case OrderEventTypes.ShipmentInitiated:
                row.State = OrderSagaStates.ShipmentInitiated;
                Push(row, OrderSteps.InitiateShipment);
                break;
            case OrderEventTypes.CompensationRecorded:
                row.State = OrderSagaStates.Compensating;
                Compensated(row, Text(fields, "step") ?? "?", Text(fields, "outcome") ?? "?");
                break;
            case OrderEventTypes.FulfillmentCompleted:
                Finish(row, e, OrderSagaStates.Completed, null);
                break;
            case OrderEventTypes.FulfillmentFailed:
                Finish(row, e, OrderSagaStates.Failed, Text(fields, "reason") ?? "failed");
                break;
            case OrderEventTypes.FulfillmentTimedOut:
                Finish(row, e, OrderSagaStates.TimedOut, "timeout");
                break;
            case OrderEventTypes.FulfillmentCancelled:
                Finish(row, e, OrderSagaStates.Cancelled, "cancelled");
                break;
            default:
                break; // a newer event type this version does not know: keep the row, note that it moved on
        }

        row.LastSequence = e.Sequence;
        row.UpdatedUtc = e.OccurredUtc;
        return row;
    }

    public static IReadOnlyList<CompensationEntry> Stack(OrderFulfillmentSaga row) =>
        JsonSerializer.Deserialize<List<CompensationEntry>>(row.CompensationStackJson, Json) ?? [];

    /// <summary>Recomputes every row from <c>domain_events</c>, in one transaction; returns the number of rows.</summary>
    public static async Task<int> RebuildAsync(SagasDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.OrderFulfillmentSagas().ExecuteDeleteAsync(cancellationToken);
        var rows = new Dictionary<string, OrderFulfillmentSaga>(StringComparer.Ordinal);
        var events = db.DomainEvents().AsNoTracking().OrderBy(e => e.AggregateId).ThenBy(e => e.Sequence).AsAsyncEnumerable();
        await foreach (var e in events.WithCancellation(cancellationToken))
        {
            rows[e.AggregateId] = Apply(rows.GetValueOrDefault(e.AggregateId), e);
        }

        db.OrderFulfillmentSagas().AddRange(rows.Values);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return rows.Count;
    }

    private static void Push(OrderFulfillmentSaga row, string step)
    {
        var stack = Stack(row).ToList();
        if (stack.All(c => c.Step != step))
        {
            stack.Add(new CompensationEntry(step, $"COMPENSATE_{step}", CompensationEntry.Pending));
        }

        row.CompensationStackJson = JsonSerializer.Serialize(stack, Json);
    }

    private static void Compensated(OrderFulfillmentSaga row, string step, string outcome)
    {
        var stack = Stack(row).ToList();
        var index = stack.FindIndex(c => c.Step == step);
        var entry = new CompensationEntry(step, $"COMPENSATE_{step}", outcome);
        if (index >= 0)
        {
            stack[index] = entry;
        }
        else
        {
            stack.Add(entry); // the step's effect was never recorded (its outcome was unknown)
        }

        row.CompensationStackJson = JsonSerializer.Serialize(stack, Json);
    }

    private static void Finish(OrderFulfillmentSaga row, DomainEvent e, string state, string? reason)
    {
        row.State = state;
        row.FailureReason = reason;
        row.CompletedUtc = e.OccurredUtc;
    }

    private static string? Text(JsonElement fields, string name) =>
        fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
