namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// Marks a saga workflow: its saga type (the <c>SagaType</c> search attribute) and its workflow id prefix.
/// The worker, the CLI and the demo find every saga through this attribute (<see cref="SagaCatalog"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SagaWorkflowAttribute(string sagaType, string idPrefix) : Attribute
{
    public string SagaType { get; } = sagaType;

    public string IdPrefix { get; } = idPrefix;
}
