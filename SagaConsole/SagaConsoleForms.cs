namespace TemporalSagas.SagaConsole;

/// <summary>Every <see cref="ISagaConsoleForm"/> in the Starter, by saga type.</summary>
public static class SagaConsoleForms
{
    public static readonly IReadOnlyList<ISagaConsoleForm> All = typeof(SagaConsoleForms).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISagaConsoleForm).IsAssignableFrom(t))
        .Select(t => (ISagaConsoleForm)Activator.CreateInstance(t)!)
        .OrderBy(f => f.Saga.SagaType, StringComparer.Ordinal)
        .ToList();

    public static ISagaConsoleForm? Find(string sagaType) => All.FirstOrDefault(f => f.Saga.SagaType == sagaType);
}
