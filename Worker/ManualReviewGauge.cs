using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>
/// Sets the gauge <c>saga_manual_review_open{saga_type}</c>: how many sagas on this worker's task queue wait for a
/// review now. Counted from the visibility store (the <c>SagaStatus</c> search attribute) every
/// <c>Metrics:ReviewGaugeSeconds</c> (default 15): a workflow cannot hold a gauge shared with other workflows, and a
/// count kept in the worker would be wrong after a restart or when another worker resolves the review. So the gauge
/// falls at the next count after a review is resolved, and every worker reports the same value (alert on <c>max</c>).
/// Runs only when the worker serves metrics.
/// </summary>
public sealed class ManualReviewGauge(
    ITemporalClient client,
    SagaTemporalRuntime runtime,
    IOptions<SagaWorkerOptions> options,
    IConfiguration configuration,
    ILogger<ManualReviewGauge> logger) : BackgroundService
{
    public const string MetricName = "saga_manual_review_open";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!runtime.ServesMetrics)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Metrics:ReviewGaugeSeconds", 15.0), 0.2, 3600));
        var gauge = runtime.Runtime.MetricMeter.CreateGauge<long>(MetricName, null, "Sagas waiting for a manual review now");
        using var timer = new PeriodicTimer(interval);
        do
        {
            foreach (var saga in SagaCatalog.All)
            {
                var query = $"TaskQueue = '{options.Value.TaskQueue}' AND SagaType = '{saga.SagaType}' " +
                    $"AND SagaStatus = '{SagaStatus.ManualReviewRequired}' AND ExecutionStatus = 'Running'";
                try
                {
                    var count = await client.CountWorkflowsAsync(query, new() { Rpc = new() { CancellationToken = stoppingToken } });
                    gauge.Set(count.Count, [new("saga_type", saga.SagaType)]);
                }
                catch (RpcException e)
                {
                    // The gauge keeps its last value; the next round tries again.
                    logger.LogWarning("Cannot count sagas awaiting review ({SagaType}): {Reason}", saga.SagaType, e.Message);
                }
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
