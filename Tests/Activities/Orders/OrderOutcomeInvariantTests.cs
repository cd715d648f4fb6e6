using TemporalSagas.Activities;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Tests.Activities.Orders;

/// <summary>
/// Issue 17: the order invariants that would have caught a cancel racing the task that recorded the completion
/// (the completion recorded, the steps compensated, the outcome's key already used so no outcome after them).
/// </summary>
public sealed class OrderOutcomeInvariantTests : IAsyncLifetime
{
    private static readonly OrderLine[] Lines = [new(OrderDemoData.Vitamins, 1)];
    private OrderTestDatabase db = null!;

    public async Task InitializeAsync() => db = await OrderTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task CheckAsync_CompletedThenCompensatedWithNoOutcomeAfter_ReportsBothViolations()
    {
        await FulfilAsync("o-race");
        await Record("o-race", OrderSteps.RecordOutcome, OrderEventTypes.FulfillmentCompleted);
        await CompensateAsync("o-race");

        // The old code keyed every outcome RECORD_OUTCOME: the cancellation after the compensations was not appended.
        (await Record("o-race", OrderSteps.RecordOutcome, OrderEventTypes.FulfillmentCancelled)).Should().BeFalse();

        var violations = await ViolationsAsync();
        violations.Should().Contain(v => v.Invariant == OrderInvariants.StuckCompensating && v.Subject == "o-race");
        violations.Should().Contain(v => v.Invariant == OrderInvariants.CompletedThenCompensated && v.Subject == "o-race");
    }

    [Fact]
    public async Task CheckAsync_CompletedThenCompensatedThenCancelled_NoViolation()
    {
        await FulfilAsync("o-fixed");
        await Record("o-fixed", OrderSteps.RecordOutcome, OrderEventTypes.FulfillmentCompleted);
        await CompensateAsync("o-fixed");

        // Today's key for a cancelled outcome (OrderFulfillmentWorkflow.RecordOutcomeAsync).
        (await Record("o-fixed", $"{OrderSteps.RecordOutcome}/Cancelled", OrderEventTypes.FulfillmentCancelled)).Should().BeTrue();

        (await ViolationsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task CheckAsync_CompensatedWithNoOutcome_ReportsStuckCompensatingOnly()
    {
        await FulfilAsync("o-stuck");
        await CompensateAsync("o-stuck");

        var violations = await ViolationsAsync();
        violations.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Domain = "orders", Invariant = OrderInvariants.StuckCompensating, Subject = "o-stuck" });
    }

    private async Task FulfilAsync(string orderId)
    {
        string Key(string step) => OrderTestDatabase.Key(orderId, step);
        await db.RunAsync((OrderActivities a) => a.CreateOrderAsync(new(Key(OrderSteps.CreateOrder), orderId, $"order-{orderId}", Lines, "1 Main St")));
        await db.RunAsync((InventoryActivities a) => a.ReserveInventoryAsync(new(Key(OrderSteps.ReserveInventory), orderId, Lines)));
        await db.RunAsync((ShippingActivities a) => a.InitiateShipmentAsync(new(Key(OrderSteps.InitiateShipment), orderId, "1 Main St")));
    }

    private async Task CompensateAsync(string orderId)
    {
        (await db.RunAsync((ShippingActivities a) => a.CancelShipmentAsync(OrderTestDatabase.Undo(orderId, OrderSteps.InitiateShipment))))
            .Should().Be(CompensationOutcome.Undone);
        (await db.RunAsync((InventoryActivities a) => a.ReleaseInventoryAsync(OrderTestDatabase.Undo(orderId, OrderSteps.ReserveInventory))))
            .Should().Be(CompensationOutcome.Undone);
        (await db.RunAsync((OrderActivities a) => a.CancelOrderAsync(OrderTestDatabase.Undo(orderId, OrderSteps.CreateOrder))))
            .Should().Be(CompensationOutcome.Undone);
    }

    private Task<bool> Record(string orderId, string step, string eventType) =>
        db.RunAsync((OrderActivities a) => a.RecordTransitionAsync(new(OrderTestDatabase.Key(orderId, step), orderId, eventType, "{}")));

    private async Task<IReadOnlyList<InvariantViolation>> ViolationsAsync()
    {
        await using var context = db.Db.NewContext();
        await using var services = InvariantChecks.Services(TemporalSagas.Activities.Data.DatabaseSettings.Sqlite(db.Db.ConnectionString));
        return (await InvariantChecks.RunAllAsync(context, services, CancellationToken.None)).Where(v => v.Domain == "orders").ToList();
    }
}
