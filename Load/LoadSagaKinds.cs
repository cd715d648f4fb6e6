using Temporalio.Client;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Seats;

namespace TemporalSagas.Load;

/// <summary>What a load profile is built from.</summary>
/// <param name="EagerStart">The client is the in-process worker's: start workflows eagerly.</param>
/// <param name="ToppedUp">The run topped up the in-process worker's database (false with an external worker).</param>
public sealed record LoadProfileArgs(ITemporalClient Client, string TaskQueue, LoadSettings Settings, bool EagerStart, bool ToppedUp);

/// <summary>One saga kind <c>starter load --saga</c> knows.</summary>
/// <param name="FailSteps">The steps --fail-at may name: those whose failure makes the saga compensate.</param>
/// <param name="LocalSteps">The saga's input can run its database steps as local activities (--local-steps).</param>
/// <param name="Baseline">The in-process baseline of the same activities (--baseline, --compare-baseline); null when there is none.</param>
/// <param name="TopUpAsync">Gives the in-process worker's fresh database the stock <c>sagas</c> sagas need.</param>
/// <param name="Open">How --open keeps sagas of this kind waiting; null when it cannot.</param>
public sealed record LoadSagaKind(
    string Name,
    IReadOnlyList<string> FailSteps,
    bool LocalSteps,
    Func<IServiceProvider, LoadSettings, ISagaLoadProfile>? Baseline,
    Func<IServiceProvider, int, CancellationToken, Task> TopUpAsync,
    Func<LoadProfileArgs, ISagaLoadProfile> Create,
    Func<LoadProfileArgs, IOpenSagaProfile>? Open = null);

public static class LoadSagaKinds
{
    public static readonly LoadSagaKind Flight = new(
        "flight",
        FlightSteps.All,
        LocalSteps: true,
        (services, settings) => new FlightBaselineProfile(services, settings),
        FlightLoadData.TopUpAsync,
        a => new FlightLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart));

    public static readonly IReadOnlyList<LoadSagaKind> All =
    [
        Flight,
        new(
            "order",
            OrderLoadProfile.FailSteps,
            LocalSteps: false,
            (services, settings) => new OrderBaselineProfile(services, settings),
            OrderLoadProfile.TopUpAsync,
            a => new OrderLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart, OrderSku(a)),
            a => new OrderOpenProfile(a.Client, a.TaskQueue, a.EagerStart, OrderSku(a))),
        new(
            "seat",
            SeatSteps.FaultSteps,
            LocalSteps: false,
            (services, settings) => new SeatBaselineProfile(services, settings),
            SeatLoadProfile.TopUpAsync,
            a => new SeatLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart),
            a => new SeatOpenProfile(a.Client, a.TaskQueue, a.EagerStart)),
        new(
            "appointment",
            AppointmentLoadProfile.FailSteps,
            LocalSteps: false,
            (services, settings) => new AppointmentBaselineProfile(services, settings),
            NothingToTopUpAsync,
            a => new AppointmentLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart)),
        new(
            "composite",
            CompositeLoadProfile.FailSteps,
            LocalSteps: false,
            (services, settings) => new CompositeBaselineProfile(services, settings),
            NothingToTopUpAsync,
            a => new CompositeLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart)),
    ];

    public static IEnumerable<string> Names => All.Select(k => k.Name);

    public static LoadSagaKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static string Supporting(Func<LoadSagaKind, bool> feature) => string.Join(", ", All.Where(feature).Select(k => k.Name));

    // The seeded vitamins when the database is an external worker's (no LOAD-ITEM there).
    private static string OrderSku(LoadProfileArgs a) => a.ToppedUp ? OrderLoadProfile.LoadSku : OrderDemoData.Vitamins;

    // The simulated calendar's seeded hosts are all an appointment needs; each saga brings its own customer and slot.
    private static Task NothingToTopUpAsync(IServiceProvider services, int sagas, CancellationToken cancellationToken) => Task.CompletedTask;
}
