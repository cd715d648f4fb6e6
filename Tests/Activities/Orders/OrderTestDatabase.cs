using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using Temporalio.Testing;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Tests.Activities.Orders;

/// <summary>The shared <see cref="TestDatabase"/> (real SQLite, real migrations, demo data) with helpers for the
/// order activities: each call in its own DI scope inside an <see cref="ActivityEnvironment"/>, like on the worker.</summary>
public sealed class OrderTestDatabase : IAsyncDisposable
{
    private OrderTestDatabase(TestDatabase db) => Db = db;

    public TestDatabase Db { get; }

    public static async Task<OrderTestDatabase> CreateAsync() => new(await TestDatabase.CreateAsync());

    public static string Key(string orderId, string step) => $"order-{orderId}/run-1/{step}";

    public static string CompensationKey(string orderId, string step) => $"order-{orderId}/run-1/compensate/{step}";

    public static OrderUndoRequest Undo(string orderId, string step) => new(CompensationKey(orderId, step), Key(orderId, step), orderId, step);

    public async Task<T> RunAsync<TActivities, T>(Func<TActivities, Task<T>> call, int attempt = 1)
        where TActivities : notnull
    {
        await using var scope = Db.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<TActivities>();
        return await new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt } }
            .RunAsync(() => call(activities));
    }

    public async Task<ApplicationFailureException?> FailureOfAsync<TActivities, T>(Func<TActivities, Task<T>> call)
        where TActivities : notnull
    {
        try
        {
            await RunAsync(call);
            return null;
        }
        catch (ApplicationFailureException e)
        {
            return e;
        }
    }

    public async Task<Dictionary<string, int>> StockAsync()
    {
        await using var db = Db.NewContext();
        return await db.InventoryItems().ToDictionaryAsync(i => i.Sku, i => i.Stock);
    }

    public async Task SetStockAsync(string sku, int stock)
    {
        await using var db = Db.NewContext();
        await db.InventoryItems().Where(i => i.Sku == sku).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, stock));
    }

    public async Task<List<DomainEvent>> EventsAsync(string orderId)
    {
        await using var db = Db.NewContext();
        return await db.DomainEvents().AsNoTracking().Where(e => e.AggregateId == orderId).OrderBy(e => e.Sequence).ToListAsync();
    }

    public async Task<List<OrderFulfillmentSaga>> ProjectionAsync()
    {
        await using var db = Db.NewContext();
        return await db.OrderFulfillmentSagas().AsNoTracking().OrderBy(r => r.OrderId).ToListAsync();
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
