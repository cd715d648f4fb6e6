using Temporalio.Client;

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

/// <summary>The saga kinds of every <see cref="ISagaLoadModule"/> in the load engine's assembly, in their modules' order.</summary>
public static class LoadSagaKinds
{
    public static readonly IReadOnlyList<LoadSagaKind> All = typeof(LoadSagaKinds).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISagaLoadModule).IsAssignableFrom(t))
        .Select(t => (ISagaLoadModule)Activator.CreateInstance(t)!)
        .OrderBy(m => m.Position)
        .ThenBy(m => m.Kind.Name, StringComparer.Ordinal)
        .Select(m => m.Kind)
        .ToList();

    /// <summary>The kind of a run given no --saga: the first.</summary>
    public static LoadSagaKind Default => All[0];

    public static IEnumerable<string> Names => All.Select(k => k.Name);

    public static LoadSagaKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public static string Supporting(Func<LoadSagaKind, bool> feature) => string.Join(", ", All.Where(feature).Select(k => k.Name));

    /// <summary>For a kind whose sagas need no stock in the in-process worker's database.</summary>
    public static Task NothingToTopUpAsync(IServiceProvider services, int sagas, CancellationToken cancellationToken) => Task.CompletedTask;
}
