using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Postgres;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd.Orders;

[Collection(DevServerCollection.Name)]
public class OrderFulfillmentEndToEndTests(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_PharmacistApproves_ReservesShipsAndRecordsEveryTransition()
    {
        var input = Input();
        var before = await StockAsync();

        var result = await ApproveAndWaitAsync(await StartAsync(input));

        result.Success.Should().BeTrue();
        result.TrackingNumber.Should().MatchRegex("^TS[A-Z2-9]{10}$");
        var after = await StockAsync();
        after[OrderDemoData.Antibiotic].Should().Be(before[OrderDemoData.Antibiotic] - 2);
        after[OrderDemoData.Vitamins].Should().Be(before[OrderDemoData.Vitamins] - 3);
        (await EventTypesAsync(input.OrderId)).Should().Equal(
            OrderEventTypes.FulfillmentStarted, OrderEventTypes.PrescriptionCreated, OrderEventTypes.PrescriptionApproved,
            OrderEventTypes.InventoryReserved, OrderEventTypes.ShipmentInitiated, OrderEventTypes.FulfillmentCompleted);
        (await RowAsync(input.OrderId)).State.Should().Be(OrderSagaStates.Completed);
    }

    [Fact]
    public async Task RunAsync_ShipmentFails_PutsStockBackAndCancelsPrescriptionAndOrder()
    {
        var input = Input() with { Faults = new FaultPlan(FailAt: OrderSteps.InitiateShipment) };
        var before = await StockAsync();

        var result = await ApproveAndWaitAsync(await StartAsync(input));

        result.Status.Should().Be(SagaStatus.Compensated);
        result.CompensationResult!.Results.Select(r => r.Step).Should().Equal(
            "COMPENSATE_RESERVE_INVENTORY", "COMPENSATE_CREATE_PRESCRIPTION", "COMPENSATE_CREATE_ORDER");
        (await StockAsync()).Should().Equal(before);
        await using var db = fixture.Db();
        (await db.Orders().SingleAsync(o => o.Id == input.OrderId)).Status.Should().Be(Order.Cancelled);
        (await db.Prescriptions().SingleAsync(p => p.OrderId == input.OrderId)).Status.Should().Be(Prescription.Cancelled);
        (await db.InventoryReservations().SingleAsync(r => r.OrderId == input.OrderId)).Status.Should().Be(InventoryReservation.Released);
        var row = await RowAsync(input.OrderId);
        row.Should().BeEquivalentTo(new { State = OrderSagaStates.Failed, FailureReason = "simulated_failure" });
        OrderProjection.Stack(row).Select(c => c.Status).Should().OnlyContain(s => s == "undone");
    }

    // The carrier stays down past the shipment's five attempts, so both orders wait for an operator with the stock
    // still reserved; one is retried (the carrier is back: it ships once), the other compensated. Both run at once,
    // so the retries' backoff (about 15 s) is paid once.
    [Fact]
    public async Task ShipmentStuck_OperatorRetriesOneAndCompensatesTheOther_BooksBalance()
    {
        var outage = new FaultPlan(TransientAt: OrderSteps.InitiateShipment, TransientFailures: 6);
        var retried = Input() with { Items = [new(OrderDemoData.Vitamins, 4)], Faults = outage };
        var undone = Input() with { Items = [new(OrderDemoData.Vitamins, 5)], Faults = outage };
        var before = (await StockAsync())[OrderDemoData.Vitamins];
        var first = await StartAsync(retried);
        var second = await StartAsync(undone);

        foreach (var handle in new[] { first, second })
        {
            var waiting = await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, Timeout);
            waiting.Steps.Should().ContainSingle(s => s.Name == OrderSteps.InitiateShipment).Which.ErrorType
                .Should().Be(TemporalSagas.Activities.SagaErrorTypes.SimulatedTransientFailure);
        }

        (await StockAsync())[OrderDemoData.Vitamins].Should().Be(before - 9, "nothing is put back while the operator looks");
        await first.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(
            new(ReviewAction.RetryStep, "ops-e2e", "carrier back", OrderSteps.InitiateShipment)));
        await second.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.Compensate, "ops-e2e", "customer cancelled")));

        var shipped = await first.GetResultAsync().WaitAsync(Timeout);
        var compensated = await second.GetResultAsync().WaitAsync(Timeout);

        shipped.Status.Should().Be(SagaStatus.Completed);
        compensated.Status.Should().Be(SagaStatus.Compensated);
        (await StockAsync())[OrderDemoData.Vitamins].Should().Be(before - 4, "the shipped order keeps its stock; the other's is back");
        await using var db = fixture.Db();
        (await db.Shipments().Where(s => s.OrderId == retried.OrderId).Select(s => s.Status).ToListAsync())
            .Should().Equal([Shipment.Initiated], "shipped once, by the retry");
        (await db.Shipments().CountAsync(s => s.OrderId == undone.OrderId)).Should().Be(0, "the carrier never took it");
        (await db.Orders().SingleAsync(o => o.Id == undone.OrderId)).Status.Should().Be(Order.Cancelled);
        (await db.InventoryReservations().SingleAsync(r => r.OrderId == undone.OrderId)).Status.Should().Be(InventoryReservation.Released);
        (await EventTypesAsync(retried.OrderId)).Should().EndWith([OrderEventTypes.ShipmentInitiated, OrderEventTypes.FulfillmentCompleted]);
        (await EventTypesAsync(undone.OrderId)).Should().EndWith(OrderEventTypes.FulfillmentFailed);
        await using var services = InvariantChecks.Services(fixture.Database);
        var violations = await new OrderInvariants().CheckAsync(db, services, CancellationToken.None);
        violations.Should().NotContain(v => v.Subject == OrderDemoData.Vitamins || v.Subject == retried.OrderId || v.Subject == undone.OrderId);
    }

    [Fact]
    public async Task StartAsync_SameOrderTwice_RunsOneSagaAndReservesOnce()
    {
        var input = Input();
        var before = await StockAsync();

        var first = await StartAsync(input);
        var second = await StartAsync(input);
        var result = await ApproveAndWaitAsync(second);

        second.ResultRunId.Should().Be(first.ResultRunId);
        (await first.GetResultAsync()).Should().BeEquivalentTo(result);
        await using var db = fixture.Db();
        (await db.InventoryReservations().CountAsync(r => r.OrderId == input.OrderId)).Should().Be(1);
        (await StockAsync())[OrderDemoData.Vitamins].Should().Be(before[OrderDemoData.Vitamins] - 3);
        (await fixture.Client.CountWorkflowsAsync($"WorkflowId = '{first.Id}'")).Count.Should().Be(1);
    }

    private static OrderFulfillmentInput Input() => new(
        $"e2e-{Guid.NewGuid():N}"[..24],
        [new(OrderDemoData.Antibiotic, 2), new(OrderDemoData.Vitamins, 3)],
        "221B Baker Street, London");

    private Task<WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>> StartAsync(OrderFulfillmentInput input) =>
        OrderSagaClient.StartAsync(fixture.Client, input, fixture.TaskQueue);

    private static async Task<OrderFulfillmentResult> ApproveAndWaitAsync(WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult> handle)
    {
        await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, Timeout);
        await handle.SignalAsync(wf => wf.PrescriptionApprovedAsync(new("pharmacist-e2e")));
        return await handle.GetResultAsync().WaitAsync(Timeout);
    }

    private async Task<Dictionary<string, int>> StockAsync()
    {
        await using var db = fixture.Db();
        return await db.InventoryItems().ToDictionaryAsync(i => i.Sku, i => i.Stock);
    }

    private async Task<List<string>> EventTypesAsync(string orderId)
    {
        await using var db = fixture.Db();
        return await db.DomainEvents().Where(e => e.AggregateId == orderId).OrderBy(e => e.Sequence).Select(e => e.EventType).ToListAsync();
    }

    private async Task<OrderFulfillmentSaga> RowAsync(string orderId)
    {
        await using var db = fixture.Db();
        return await db.OrderFulfillmentSagas().SingleAsync(r => r.OrderId == orderId);
    }
}

/// <summary>The same tests with the worker on PostgreSQL (leave them out with <c>--filter Category!=Postgres</c>).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class OrderFulfillmentOnPostgresTests(PostgresDevServerFixture fixture) : OrderFulfillmentEndToEndTests(fixture);
