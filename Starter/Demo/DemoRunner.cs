using System.Diagnostics;
using System.Text.Json;
using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Load;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

/// <summary>Runs the demo's scenarios, of any saga, concurrently and reports how each one ended.</summary>
public sealed class DemoRunner(DemoEnvironment environment, string taskQueue)
{
    public static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(60);

    public Task<DemoOutcome[]> RunAsync(
        IReadOnlyList<DemoScenario> scenarios, Action<DemoScenario, string> onProgress, CancellationToken cancellationToken)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return Task.WhenAll(scenarios.Select((scenario, i) =>
            RunScenarioAsync(scenario, $"demo-{run}-{i + 1}", onProgress, cancellationToken)));
    }

    private async Task<DemoOutcome> RunScenarioAsync(
        DemoScenario scenario, string sagaId, Action<DemoScenario, string> onProgress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ScenarioTimeout);
        var handle = await scenario.StartAsync(new DemoStart(environment.Client, taskQueue, sagaId));
        onProgress(scenario, "running");
        var acting = scenario.WhileRunning?.Invoke(handle, timeout.Token) ?? Task.CompletedTask;

        ReviewAnswer? answer = null;
        SagaOutcome<JsonElement> outcome;
        try
        {
            outcome = await SagaWaiter.WaitAsync<JsonElement>(
                handle,
                scenario.ReviewDecision is { } decision
                    ? async _ =>
                    {
                        onProgress(scenario, $"awaiting review: answering {decision.Action}");
                        answer = await handle.ExecuteUpdateAsync<ReviewAnswer>(SagaReview.UpdateName, [decision]);
                        return true;
                    }
            : null,
                timeout.Token);
            await acting;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = new(handle.Id, SagaEnd.AwaitingReview, default, await SagaLookup.GetStateAsync(handle), $"no result within {ScenarioTimeout.TotalSeconds:0} s");
        }

        onProgress(scenario, "done");
        var state = outcome.State;
        return new DemoOutcome(
            scenario.Name,
            handle.Id,
            scenario.Expected,
            state?.Status,
            state?.StepsCompleted ?? 0,
            [.. (state?.Steps ?? []).Where(s => s.Kind == StepKind.Compensation)
                .Select(s => s.Status == StepStatus.Completed ? s.Name : $"{s.Name} ({s.Status})")],
            state?.FailedStep,
            state?.Error ?? outcome.Error,
            answer is not null,
            answer?.WillDo,
            Math.Round(clock.Elapsed.TotalSeconds, 1),
            environment.WorkflowUrl(handle.Id));
    }
}
