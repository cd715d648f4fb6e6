using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// One saga's test form in the console: its inputs, the steps a simulated failure may name, and how a request becomes
/// a started saga. Found by reflection (<see cref="SagaConsoleForms"/>) like the CLI's <c>ISagaCliModule</c>, so a new
/// saga adds a form without touching the console. Sagas without a form still appear in the list, saga page and inbox.
/// </summary>
public interface ISagaConsoleForm
{
    /// <summary>The saga this form starts (from <see cref="SagaCatalog"/>).</summary>
    SagaDescriptor Saga { get; }

    string Title { get; }

    /// <summary>The JSON body <c>POST /api/sagas/{sagaType}</c> accepts (documented in the OpenAPI document).</summary>
    [JsonIgnore]
    Type RequestType { get; }

    IReadOnlyList<ConsoleField> Fields { get; }

    /// <summary>Steps a simulated failure may name (fail, transient failures, failing compensation).</summary>
    IReadOnlyList<string> FaultSteps { get; }

    /// <summary>Reads and checks the request (a <see cref="ConsoleProblem"/> naming the field when it is bad) and starts the saga.</summary>
    Task<WorkflowHandle> StartAsync(ConsoleStart start, HttpRequest request, CancellationToken cancellationToken);
}

/// <summary>What a form needs to start a saga: the client (connected only once the input is valid), the task queue and
/// the worker's configuration (for data checks).</summary>
public sealed record ConsoleStart(Func<Task<ITemporalClient>> ClientAsync, string TaskQueue, DataCheckContext Context);
