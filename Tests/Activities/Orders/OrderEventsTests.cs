using TemporalSagas.Activities;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Tests.Activities.Orders;

public sealed class OrderEventsTests : IAsyncLifetime
{
    private static readonly OrderLine[] Lines = [new(OrderDemoData.Antibiotic, 2), new(OrderDemoData.Vitamins, 1)];
    private OrderTestDatabase db = null!;

    public async Task InitializeAsync() => db = await OrderTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task Steps_EachDeliveredTwice_AppendOneEventPerTransitionInOrder()
    {
        await FulfilAsync("o-happy", deliveries: 2);

        var events = await db.EventsAsync("o-happy");
        events.Select(e => e.EventType).Should().Equal(
            OrderEventTypes.FulfillmentStarted, OrderEventTypes.PrescriptionCreated, OrderEventTypes.PrescriptionApproved,
            OrderEventTypes.InventoryReserved, OrderEventTypes.ShipmentInitiated, OrderEventTypes.FulfillmentCompleted);
        events.Select(e => e.Sequence).Should().Equal(1, 2, 3, 4, 5, 6);
        var row = (await db.ProjectionAsync()).Should().ContainSingle().Subject;
        row.Should().BeEquivalentTo(new { OrderId = "o-happy", SagaId = "order-o-happy", State = OrderSagaStates.Completed, LastSequence = 6 });
        row.CompletedUtc.Should().Be(events[^1].OccurredUtc);
        OrderProjection.Stack(row).Select(c => (c.Step, c.Status)).Should().Equal(
            (OrderSteps.CreateOrder, CompensationEntry.Pending), (OrderSteps.CreatePrescription, CompensationEntry.Pending),
            (OrderSteps.ReserveInventory, CompensationEntry.Pending), (OrderSteps.InitiateShipment, CompensationEntry.Pending));
    }

    [Fact]
    public async Task Compensations_AfterShipmentFailed_RestoreStockCancelEverythingAndRecordTheStack()
    {
        var before = await db.StockAsync();
        await FulfilAsync("o-comp", deliveries: 1, complete: false);

        foreach (var (step, undo) in Compensations("o-comp"))
        {
            (await undo()).Should().Be(CompensationOutcome.Undone, step);
        }

        await Record("o-comp", OrderSteps.RecordOutcome, OrderEventTypes.FulfillmentFailed, """{"reason":"simulated_failure"}""");

        (await db.StockAsync()).Should().Equal(before);
        (await db.Db.ListAsync<Order>()).Single().Status.Should().Be(Order.Cancelled);
        (await db.Db.ListAsync<Prescription>()).Single().Status.Should().Be(Prescription.Cancelled);
        (await db.Db.ListAsync<Shipment>()).Single().Status.Should().Be(Shipment.Cancelled);
        var row = (await db.ProjectionAsync()).Single();
        row.Should().BeEquivalentTo(new { State = OrderSagaStates.Failed, FailureReason = "simulated_failure" });
        OrderProjection.Stack(row).Should().OnlyContain(c => c.Status == CompensationOutcome.Undone).And.HaveCount(4);
        (await db.EventsAsync("o-comp")).Count(e => e.EventType == OrderEventTypes.CompensationRecorded).Should().Be(4);
    }

    [Fact]
    public async Task CancelPrescriptionAsync_NothingWasCreatedAndRetried_RecordsOneCompensationEvent()
    {
        await db.RunAsync((OrderActivities a) => a.CreateOrderAsync(Create("o-none")));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var outcome = await db.RunAsync(
                (PharmacyActivities a) => a.CancelPrescriptionAsync(OrderTestDatabase.Undo("o-none", OrderSteps.CreatePrescription)), attempt);
            outcome.Should().Be(CompensationOutcome.NothingToUndo);
        }

        (await db.EventsAsync("o-none")).Select(e => e.EventType)
            .Should().Equal(OrderEventTypes.FulfillmentStarted, OrderEventTypes.CompensationRecorded);
    }

    [Fact]
    public async Task RebuildAsync_AfterSeveralSagas_ReproducesTheLiveProjection()
    {
        await FulfilAsync("o-1", deliveries: 2);
        await FulfilAsync("o-2", deliveries: 1, complete: false);
        foreach (var (_, undo) in Compensations("o-2"))
        {
            await undo();
        }

        await Record("o-2", OrderSteps.RecordOutcome, OrderEventTypes.FulfillmentTimedOut, """{"reason":"timeout"}""");
        await db.RunAsync((OrderActivities a) => a.CreateOrderAsync(Create("o-3")));
        var live = await db.ProjectionAsync();

        await using (var context = db.Db.NewContext())
        {
            (await OrderProjection.RebuildAsync(context)).Should().Be(3);
        }

        var rebuilt = await db.ProjectionAsync();
        rebuilt.Should().BeEquivalentTo(live, o => o.WithStrictOrdering());
        rebuilt.Select(r => r.State).Should().Equal(OrderSagaStates.Completed, OrderSagaStates.TimedOut, OrderSagaStates.Started);
        rebuilt[1].FailureReason.Should().Be("timeout");
    }

    private static CreateOrderRequest Create(string orderId) =>
        new(OrderTestDatabase.Key(orderId, OrderSteps.CreateOrder), orderId, $"order-{orderId}", Lines, "1 Main St");

    // Runs the saga's steps in order, each delivered `deliveries` times (a redelivery must change nothing).
    private async Task FulfilAsync(string orderId, int deliveries, bool complete = true)
    {
        string Key(string step) => OrderTestDatabase.Key(orderId, step);
        for (var attempt = 1; attempt <= deliveries; attempt++)
        {
            await db.RunAsync((OrderActivities a) => a.CreateOrderAsync(Create(orderId)), attempt);
            await db.RunAsync(
                (PharmacyActivities a) => a.CreatePrescriptionAsync(new(Key(OrderSteps.CreatePrescription), orderId, [OrderDemoData.Antibiotic])), attempt);
            await Record(orderId, OrderSteps.RecordApproval, OrderEventTypes.PrescriptionApproved, """{"pharmacist":"ann"}""", attempt);
            await db.RunAsync((InventoryActivities a) => a.ReserveInventoryAsync(new(Key(OrderSteps.ReserveInventory), orderId, Lines)), attempt);
            await db.RunAsync((ShippingActivities a) => a.InitiateShipmentAsync(new(Key(OrderSteps.InitiateShipment), orderId, "1 Main St")), attempt);
            if (complete)
            {
                await Record(orderId, OrderSteps.RecordOutcome, OrderEventTypes.FulfillmentCompleted, "{}", attempt);
            }
        }
    }

    private Task<bool> Record(string orderId, string step, string eventType, string payload, int attempt = 1) =>
        db.RunAsync((OrderActivities a) => a.RecordTransitionAsync(new(OrderTestDatabase.Key(orderId, step), orderId, eventType, payload)), attempt);

    // Newest first, as the engine runs them.
    private IEnumerable<(string Step, Func<Task<string>> Undo)> Compensations(string orderId) =>
    [
        (OrderSteps.InitiateShipment, () => db.RunAsync((ShippingActivities a) => a.CancelShipmentAsync(OrderTestDatabase.Undo(orderId, OrderSteps.InitiateShipment)))),
        (OrderSteps.ReserveInventory, () => db.RunAsync((InventoryActivities a) => a.ReleaseInventoryAsync(OrderTestDatabase.Undo(orderId, OrderSteps.ReserveInventory)))),
        (OrderSteps.CreatePrescription, () => db.RunAsync((PharmacyActivities a) => a.CancelPrescriptionAsync(OrderTestDatabase.Undo(orderId, OrderSteps.CreatePrescription)))),
        (OrderSteps.CreateOrder, () => db.RunAsync((OrderActivities a) => a.CancelOrderAsync(OrderTestDatabase.Undo(orderId, OrderSteps.CreateOrder)))),
    ];
}
