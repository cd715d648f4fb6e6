using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

/// <summary>What a scenario gets to start its saga: the client, the worker's task queue and a saga id unique to this run.</summary>
public sealed record DemoStart(ITemporalClient Client, string TaskQueue, string SagaId);

/// <summary>One path of one saga the demo runs; the module of the saga's domain (an ISagaCliModule) provides it.</summary>
/// <param name="StartAsync">Starts the scenario's workflow.</param>
/// <param name="Expected">The status the saga must end in.</param>
/// <param name="ReviewDecision">The demo answers a manual review with this decision (update ResolveManualReview).</param>
/// <param name="WhileRunning">Acts on the running saga (e.g. cancels it) while the demo waits for its outcome.</param>
public sealed record DemoScenario(
    string Name,
    SagaStatus Expected,
    Func<DemoStart, Task<WorkflowHandle>> StartAsync,
    ReviewDecision? ReviewDecision = null,
    Func<WorkflowHandle, CancellationToken, Task>? WhileRunning = null);
