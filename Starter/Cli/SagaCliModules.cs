namespace TemporalSagas.Starter.Cli;

/// <summary>Every <see cref="ISagaCliModule"/> in the Starter, in a stable order.</summary>
public static class SagaCliModules
{
    public static readonly IReadOnlyList<ISagaCliModule> All = typeof(SagaCliModules).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISagaCliModule).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (ISagaCliModule)Activator.CreateInstance(t)!)
        .ToList();
}
