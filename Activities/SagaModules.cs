namespace TemporalSagas.Activities;

/// <summary>Every <see cref="ISagaModule"/> in this assembly.</summary>
public static class SagaModules
{
    public static readonly IReadOnlyList<ISagaModule> All = typeof(SagaModules).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISagaModule).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ISagaModule)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>Activity classes of every domain plus the engine's shared ones.</summary>
    public static IEnumerable<Type> ActivityTypes => All.SelectMany(m => m.ActivityTypes).Prepend(typeof(StepCheckActivities));
}
