using System.Reflection;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>One saga workflow: its class, Temporal workflow type name, saga type and workflow id prefix.</summary>
public sealed record SagaDescriptor(Type WorkflowClass, string WorkflowType, string SagaType, string IdPrefix);

/// <summary>Every saga workflow in this assembly, found by <see cref="SagaWorkflowAttribute"/>: no list to keep by hand.</summary>
public static class SagaCatalog
{
    public static readonly IReadOnlyList<SagaDescriptor> All = typeof(SagaCatalog).Assembly.GetTypes()
        .Select(t => (Type: t, Saga: t.GetCustomAttribute<SagaWorkflowAttribute>(), Workflow: t.GetCustomAttribute<WorkflowAttribute>()))
        .Where(t => t.Saga is not null && t.Workflow is not null)
        .Select(t => new SagaDescriptor(t.Type, t.Workflow!.Name ?? t.Type.Name, t.Saga!.SagaType, t.Saga.IdPrefix))
        .OrderBy(d => d.SagaType, StringComparer.Ordinal)
        .ToList();

    /// <summary>The saga whose id prefix starts <paramref name="workflowId"/>, if any.</summary>
    public static SagaDescriptor? ForWorkflowId(string workflowId) =>
        All.Where(d => workflowId.StartsWith(d.IdPrefix, StringComparison.Ordinal))
            .OrderByDescending(d => d.IdPrefix.Length)
            .FirstOrDefault();
}
