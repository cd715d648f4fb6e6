namespace TemporalSagas.Load.Dirty;

/// <summary>One scenario of <c>starter load --scenario NAME</c>: its default size and how to run it.</summary>
public sealed record DirtyScenario(
    string Name, string Description, int DefaultCount, int Workers, Func<IDirtyHost, int, int, CancellationToken, Task<DirtyReport>> RunAsync)
{
    /// <summary>Where the scenario stands in the list (help text, docs/dirty-scenarios.md).</summary>
    public int Position { get; init; }
}

/// <summary>The dirty scenarios of every <see cref="IDirtyScenarioModule"/>, by name (docs/dirty-scenarios.md); the tests run
/// the same code with smaller counts.</summary>
public static class DirtyScenarioCatalog
{
    /// <summary>The TTL of the abandoned and expiry scenarios: the real default (10 min) would make a run wait 10 min.</summary>
    public static readonly TimeSpan ScenarioTtl = TimeSpan.FromSeconds(5);

    public static readonly IReadOnlyList<DirtyScenario> All = typeof(DirtyScenarioCatalog).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDirtyScenarioModule).IsAssignableFrom(t))
        .SelectMany(t => ((IDirtyScenarioModule)Activator.CreateInstance(t)!).Scenarios)
        .OrderBy(s => s.Position)
        .ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToList();

    public static DirtyScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
