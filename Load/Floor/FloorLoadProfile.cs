using System.Diagnostics;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace TemporalSagas.Load.Floor;

/// <summary>The floor under load: <see cref="FloorWorkflow"/> (four no-op activities in the flight's shape, the third
/// always regular) started and awaited like a saga, on a bare SDK worker of its own task queue.</summary>
public sealed class FloorLoadProfile(ITemporalClient client, string taskQueue, LoadSettings settings, bool eagerStart) : ISagaLoadProfile
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => "floor (bare SDK, four no-op steps)" + (settings.LocalSteps ? " --local-steps" : string.Empty);

    public async Task<SagaSample> RunAsync(int index, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.SagaTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            await client.ExecuteWorkflowAsync(
                (FloorWorkflow wf) => wf.RunAsync(settings.LocalSteps),
                new($"floor-{run}-{index}", taskQueue) { RequestEagerStart = eagerStart, Rpc = new() { CancellationToken = timeout.Token } });
            return new SagaSample(clock.Elapsed, null, []);
        }
        catch (WorkflowFailedException e)
        {
            return new SagaSample(clock.Elapsed, $"workflow failed: {e.InnerException?.GetType().Name}", []);
        }
        catch (RpcException e)
        {
            return new SagaSample(clock.Elapsed, $"rpc error: {e.Code}", []);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SagaSample(clock.Elapsed, $"no result within {settings.SagaTimeout.TotalSeconds:0} s", []);
        }
    }
}
