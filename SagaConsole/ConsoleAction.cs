using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// An operation a test form offers on the saga it started, once the saga waits for it (a held seat's confirm or
/// release: workflow updates). Found by reflection (<see cref="ConsoleActions"/>) like the forms; served at
/// <c>POST /api/sagas/{workflowId}/{name}</c> and described at <c>GET /api/actions</c>, so the page renders it generically.
/// </summary>
public abstract class ConsoleAction
{
    /// <summary>The saga this action acts on (from <see cref="SagaCatalog"/>).</summary>
    public abstract SagaDescriptor Saga { get; }

    /// <summary>The last segment of the route (<c>confirm</c>).</summary>
    public abstract string Name { get; }

    public abstract string Label { get; }

    /// <summary>The wait step during which the action is offered (running in the saga's ledger).</summary>
    public abstract string WhileStep { get; }

    /// <summary>The JSON body the route accepts (documented in the OpenAPI document).</summary>
    public abstract Type RequestType { get; }

    public abstract IReadOnlyList<ConsoleField> Fields { get; }

    /// <summary>Reads and checks the request (a <see cref="ConsoleProblem"/> naming the field when it is bad), then acts.</summary>
    public abstract Task<ConsoleActionOutcome> RunAsync(
        string workflowId, Func<Task<ITemporalClient>> clientAsync, HttpRequest request, CancellationToken cancellationToken);
}

/// <summary>What an action did: a line for the page, and what the saga answered.</summary>
public sealed record ConsoleActionOutcome(string WorkflowId, string Action, string Summary, object Detail);

/// <summary>An action as <c>GET /api/actions</c> describes it to the page.</summary>
public sealed record ConsoleActionView(string SagaType, string Name, string Label, string WhileStep, IReadOnlyList<ConsoleField> Fields);

/// <summary>Every <see cref="ConsoleAction"/> in the console, by saga type.</summary>
public static class ConsoleActions
{
    public static readonly IReadOnlyList<ConsoleAction> All = typeof(ConsoleActions).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ConsoleAction).IsAssignableFrom(t))
        .Select(t => (ConsoleAction)Activator.CreateInstance(t)!)
        .OrderBy(a => a.Saga.SagaType, StringComparer.Ordinal)
        .ThenBy(a => a.Name, StringComparer.Ordinal)
        .ToList();
}
