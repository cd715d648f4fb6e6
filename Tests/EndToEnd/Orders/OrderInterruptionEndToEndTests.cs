using Microsoft.EntityFrameworkCore;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Postgres;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd.Orders;

/// <summary>The order saga interrupted: cancelled while it waits for the pharmacist, and a worker lost after an effect.</summary>
[Collection(DevServerCollection.Name)]
public class OrderInterruptionEndToEndTests(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task RunAsync_CancelledWhileAwaitingApproval_CancelsOrderAndPrescriptionAndEndsCancelled()
    {
        var input = new OrderFulfillmentInput(
            $"cancel-{Guid.NewGuid():N}"[..24], [new(OrderDemoData.Antibiotic, 1)], "10 Downing Street, London");
        var before = await StockAsync();
        var handle = await OrderSagaClient.StartAsync(fixture.Client, input, fixture.TaskQueue);
        await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, Timeout);

        await handle.CancelAsync();

        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(Timeout));
        failure.InnerException.Should().BeOfType<CanceledFailureException>();
        var state = await handle.QueryAsync(wf => wf.GetState());
        state.Status.Should().Be(SagaStatus.Cancelled);
        state.Compensation!.Results.Select(r => r.Step).Should().Equal("COMPENSATE_CREATE_PRESCRIPTION", "COMPENSATE_CREATE_ORDER");
        (await StockAsync()).Should().Equal(before);
        await using var db = fixture.Db();
        (await db.Orders().SingleAsync(o => o.Id == input.OrderId)).Status.Should().Be(Order.Cancelled);
        (await db.Prescriptions().SingleAsync(p => p.OrderId == input.OrderId)).Status.Should().Be(Prescription.Cancelled);
        (await db.Set<DomainEvent>().Where(e => e.AggregateId == input.OrderId).OrderBy(e => e.Sequence).Select(e => e.EventType).ToListAsync())
            .Last().Should().Be(OrderEventTypes.FulfillmentCancelled);
    }

    [Fact]
    public async Task RunAsync_WorkerDiesAfterTheReservationCommitted_AnotherWorkerFinishesAndReservesOnce()
    {
        var taskQueue = $"order-crash-{Guid.NewGuid():N}";
        var input = new OrderFulfillmentInput(
            $"crash-{Guid.NewGuid():N}"[..24], [new(OrderDemoData.Vitamins, 4)], "1 Crash Lane",
            Faults: new FaultPlan(CrashAfterEffectAt: OrderSteps.ReserveInventory));
        var before = await StockAsync();
        using var first = new WorkerProcess(fixture, taskQueue, new Dictionary<string, string> { ["Faults__AllowProcessCrash"] = "true" });
        var handle = await OrderSagaClient.StartAsync(fixture.Client, input, taskQueue);

        // The first worker kills itself right after the reservation committed; the server never hears of it.
        await first.WaitForExitAsync(Timeout);
        using var second = new WorkerProcess(fixture, taskQueue);
        var result = await handle.GetResultAsync().WaitAsync(Timeout);

        result.Success.Should().BeTrue();
        await using var db = fixture.Db();
        (await db.InventoryReservations().CountAsync(r => r.OrderId == input.OrderId)).Should().Be(1);
        (await StockAsync())[OrderDemoData.Vitamins].Should().Be(before[OrderDemoData.Vitamins] - 4, "the stock was taken once");
        (await db.Set<DomainEvent>().CountAsync(e => e.AggregateId == input.OrderId && e.EventType == OrderEventTypes.InventoryReserved))
            .Should().Be(1);
    }

    private async Task<Dictionary<string, int>> StockAsync()
    {
        await using var db = fixture.Db();
        return await db.InventoryItems().ToDictionaryAsync(i => i.Sku, i => i.Stock);
    }
}

/// <summary>The same tests with the worker on PostgreSQL (leave them out with <c>--filter Category!=Postgres</c>).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class OrderInterruptionOnPostgresTests(PostgresDevServerFixture fixture) : OrderInterruptionEndToEndTests(fixture);
