using TemporalSagas.Activities.Orders;

namespace TemporalSagas.Load.Orders;

public sealed class OrderLoadModule : ISagaLoadModule
{
    public int Position => 1;

    public LoadSagaKind Kind { get; } = new(
        "order",
        OrderLoadProfile.FailSteps,
        LocalSteps: false,
        (services, settings) => new OrderBaselineProfile(services, settings),
        OrderLoadProfile.TopUpAsync,
        a => new OrderLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart, OrderSku(a)),
        a => new OrderOpenProfile(a.Client, a.TaskQueue, a.EagerStart, OrderSku(a)));

    // The seeded vitamins when the database is an external worker's (no LOAD-ITEM there).
    private static string OrderSku(LoadProfileArgs a) => a.ToppedUp ? OrderLoadProfile.LoadSku : OrderDemoData.Vitamins;
}
