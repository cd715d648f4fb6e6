using System.Diagnostics;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Load;

/// <summary>How a saga ended, as every saga's result reports it.</summary>
public sealed record SagaOutcome(SagaStatus Status, string? FailedStep, string? ErrorType, IReadOnlyList<StepRecord> SagaLog);

/// <summary>
/// One saga of a load run through Temporal, timed from the client's start to its result, with the same errors and
/// "as expected" rule as the flight profile: Completed, or Compensated at the run's --fail-at step.
/// </summary>
public static class SagaLoadRun
{
    public static async Task<SagaSample> MeasureAsync(
        LoadSettings settings, Func<CancellationToken, Task<SagaOutcome>> run, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.SagaTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var outcome = await run(timeout.Token);
            clock.Stop();
            return new SagaSample(
                clock.Elapsed,
                SagaSample.Unexpected(settings.FailAt, outcome.Status, outcome.FailedStep, outcome.ErrorType),
                CompensationTimes(outcome.SagaLog));
        }
        catch (WorkflowFailedException e)
        {
            return Failed($"workflow failed: {(e.InnerException as ApplicationFailureException)?.ErrorType ?? e.InnerException?.GetType().Name}");
        }
        catch (RpcException e)
        {
            return Failed($"rpc error: {e.Code}");
        }
        catch (SagaRefusedException e)
        {
            return Failed($"update refused: {e.ErrorType}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed($"no result within {settings.SagaTimeout.TotalSeconds:0} s");
        }

        SagaSample Failed(string error) => new(clock.Elapsed, error, []);
    }

    /// <summary>The options every load profile starts its workflow with: the saga's search attributes set at start,
    /// and an eager start when the client is the in-process worker's.</summary>
    public static WorkflowOptions Options(string workflowId, string taskQueue, string sagaType, bool eagerStart, CancellationToken cancellationToken) =>
        new(workflowId, taskQueue)
        {
            TypedSearchAttributes = SagaStart.SearchAttributes(sagaType),
            RequestEagerStart = eagerStart,
            Rpc = new() { CancellationToken = cancellationToken },
        };

    /// <summary>The fault plan of every saga of the run: fail at --fail-at, or none.</summary>
    public static FaultPlan? Faults(LoadSettings settings) => settings.FailAt is null ? null : new FaultPlan(FailAt: settings.FailAt);

    private static List<StepTiming> CompensationTimes(IEnumerable<StepRecord> log) =>
    [
        .. log.Where(s => s.Kind == StepKind.Compensation && s.FinishedUtc is not null)
            .Select(s => new StepTiming(s.Name, s.FinishedUtc!.Value - s.StartedUtc)),
    ];
}
