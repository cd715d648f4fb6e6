using System.Diagnostics;
using Temporalio.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

/// <summary>Runs the demo's flight sagas concurrently and reports how each one ended.</summary>
public sealed class DemoRunner(DemoEnvironment environment, string taskQueue)
{
    public static readonly TimeSpan ScenarioTimeout = TimeSpan.FromSeconds(50);

    public Task<DemoOutcome[]> RunAsync(
        IReadOnlyList<DemoScenario> scenarios, Action<DemoScenario, string> onProgress, CancellationToken cancellationToken)
    {
        var run = DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return Task.WhenAll(scenarios.Select((scenario, i) =>
            RunScenarioAsync(scenario, FlightBookingWorkflow.WorkflowId($"demo-{run}-{i + 1}"), onProgress, cancellationToken)));
    }

    private async Task<DemoOutcome> RunScenarioAsync(
        DemoScenario scenario, string workflowId, Action<DemoScenario, string> onProgress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ScenarioTimeout);
        var handle = await environment.Client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(scenario.Input),
            new WorkflowOptions(workflowId, taskQueue) { StaticSummary = $"demo: {scenario.Name}" });
        onProgress(scenario, "running");

        var reviewResolved = false;
        FlightSagaOutcome outcome;
        try
        {
            outcome = await FlightSagaWaiter.WaitAsync(
                handle,
                async state =>
                {
                    if (!scenario.ResolveReview)
                    {
                        return false;
                    }

                    onProgress(scenario, "awaiting review: sending RetryCompensations");
                    await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(
                        new ReviewDecision(ReviewAction.RetryCompensations, "demo", "the demo retries the failed refund")));
                    reviewResolved = true;
                    return true;
                },
                timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var state = await handle.QueryAsync(wf => wf.GetState());
            outcome = new(null, state, $"no result within {ScenarioTimeout.TotalSeconds:0} s");
        }

        onProgress(scenario, "done");
        var log = outcome.Result?.SagaLog ?? outcome.AwaitingReview?.Steps ?? [];
        return new DemoOutcome(
            scenario.Name,
            workflowId,
            scenario.Expected,
            outcome.Result?.Status ?? outcome.AwaitingReview?.Status,
            outcome.Result?.StepsCompleted ?? outcome.AwaitingReview?.StepsCompleted ?? 0,
            [.. log.Where(s => s.Kind == StepKind.Compensation)
                .Select(s => s.Status == StepStatus.Completed ? s.Name : $"{s.Name} ({s.Status})")],
            outcome.Result?.FailedStep ?? outcome.AwaitingReview?.FailedStep,
            outcome.WorkflowError ?? outcome.Result?.Error ?? outcome.AwaitingReview?.Error,
            reviewResolved,
            Math.Round(clock.Elapsed.TotalSeconds, 1),
            environment.WorkflowUrl(workflowId));
    }
}
