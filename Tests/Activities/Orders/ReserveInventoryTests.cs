using TemporalSagas.Activities;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Tests.Activities.Orders;

public sealed class ReserveInventoryTests : IAsyncLifetime
{
    private const string OrderId = "o-1";
    private static readonly string Key = OrderTestDatabase.Key(OrderId, OrderSteps.ReserveInventory);
    private static readonly OrderLine[] Lines = [new(OrderDemoData.Vitamins, 3), new(OrderDemoData.Bandages, 2), new(OrderDemoData.Vitamins, 1)];
    private OrderTestDatabase db = null!;

    public async Task InitializeAsync() => db = await OrderTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ReserveInventoryAsync_AllLinesInStock_TakesEveryLineAndAppendsItsEvent()
    {
        var before = await db.StockAsync();

        var reserved = await Reserve(Key, Lines);

        reserved.Lines.Should().BeEquivalentTo([new OrderLine(OrderDemoData.Bandages, 2), new OrderLine(OrderDemoData.Vitamins, 4)]);
        var after = await db.StockAsync();
        after[OrderDemoData.Vitamins].Should().Be(before[OrderDemoData.Vitamins] - 4);
        after[OrderDemoData.Bandages].Should().Be(before[OrderDemoData.Bandages] - 2);
        (await db.EventsAsync(OrderId)).Should().ContainSingle().Which.EventType.Should().Be(OrderEventTypes.InventoryReserved);
    }

    [Fact]
    public async Task ReserveInventoryAsync_OneLineShort_FailsOutOfStockAndWritesNothing()
    {
        await db.SetStockAsync(OrderDemoData.Bandages, 1);
        var before = await db.StockAsync();

        var failure = await db.FailureOfAsync((InventoryActivities a) => a.ReserveInventoryAsync(new(Key, OrderId, Lines)));

        failure!.ErrorType.Should().Be(OrderErrors.OutOfStock);
        failure.NonRetryable.Should().BeTrue();
        (await db.StockAsync()).Should().Equal(before, "the vitamins taken before the short line are rolled back");
        (await db.Db.ListAsync<InventoryReservation>()).Should().BeEmpty();
        (await db.EventsAsync(OrderId)).Should().BeEmpty();
        (await db.Db.IdempotencyRecordCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ReserveInventoryAsync_Redelivered_ReservesOnceAndAppendsOnce()
    {
        var before = await db.StockAsync();

        var first = await Reserve(Key, Lines);
        var again = await db.RunAsync((InventoryActivities a) => a.ReserveInventoryAsync(new(Key, OrderId, Lines)), attempt: 2);

        again.Should().BeEquivalentTo(first);
        (await db.StockAsync())[OrderDemoData.Vitamins].Should().Be(before[OrderDemoData.Vitamins] - 4);
        (await db.Db.ListAsync<InventoryReservation>()).Should().ContainSingle();
        (await db.EventsAsync(OrderId)).Should().ContainSingle();
    }

    [Fact]
    public async Task ReserveInventoryAsync_ConcurrentOrdersForTheLastUnit_ExactlyOneWins()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() =>
            db.FailureOfAsync((InventoryActivities a) => a.ReserveInventoryAsync(
                new(OrderTestDatabase.Key($"o-{i}", OrderSteps.ReserveInventory), $"o-{i}", [new(OrderDemoData.LastOne, 1)]))))));

        outcomes.Count(o => o is null).Should().Be(1);
        outcomes.Where(o => o is not null).Should().OnlyContain(o => o!.ErrorType == OrderErrors.OutOfStock);
        (await db.StockAsync())[OrderDemoData.LastOne].Should().Be(0);
    }

    [Fact]
    public async Task ReleaseInventoryAsync_CalledTwice_RestoresStockOnce()
    {
        var before = await db.StockAsync();
        await Reserve(Key, Lines);

        var first = await db.RunAsync((InventoryActivities a) => a.ReleaseInventoryAsync(OrderTestDatabase.Undo(OrderId, OrderSteps.ReserveInventory)));
        var second = await db.RunAsync(
            (InventoryActivities a) => a.ReleaseInventoryAsync(OrderTestDatabase.Undo(OrderId, OrderSteps.ReserveInventory)), attempt: 2);

        first.Should().Be(CompensationOutcome.Undone);
        second.Should().Be(CompensationOutcome.Undone, "a redelivery returns the first outcome");
        (await db.StockAsync()).Should().Equal(before);
        (await db.Db.ListAsync<InventoryReservation>()).Single().Status.Should().Be(InventoryReservation.Released);
        (await db.EventsAsync(OrderId)).Select(e => e.EventType)
            .Should().Equal(OrderEventTypes.InventoryReserved, OrderEventTypes.CompensationRecorded);
    }

    private Task<InventoryReserved> Reserve(string key, IReadOnlyList<OrderLine> lines) =>
        db.RunAsync((InventoryActivities a) => a.ReserveInventoryAsync(new(key, OrderId, lines)));
}
