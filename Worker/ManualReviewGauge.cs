using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>
/// Sets the gauges <c>saga_manual_review_open</c> (how many sagas on this worker's task queue wait for a review now)
/// and <c>saga_manual_review_oldest_age_seconds</c> (how long the longest of them has waited), per saga type with the
/// labels of the saga counters. Read from the visibility store (the <c>SagaStatus</c> search attribute) every
/// <c>Metrics:ReviewGaugeSeconds</c> (default 15): a workflow cannot hold a gauge shared with other workflows, and a
/// count kept in the worker would be wrong after a restart or when another worker resolves the review. So the gauges
/// fall at the next round after a review is resolved, and every worker reports the same value (alert on <c>max</c>).
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

    /// <summary>In seconds; the exporter appends no unit to a gauge, so the name carries it.</summary>
    public const string OldestAgeMetricName = "saga_manual_review_oldest_age_seconds";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!runtime.ServesMetrics)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Metrics:ReviewGaugeSeconds", 15.0), 0.2, 3600));
        var open = runtime.Runtime.MetricMeter.CreateGauge<long>(MetricName, null, "Sagas waiting for a manual review now");
        var oldest = runtime.Runtime.MetricMeter.CreateGauge<double>(
            OldestAgeMetricName, null, "How long the longest-waiting manual review has waited (0: none waits)");
        using var timer = new PeriodicTimer(interval);
        do
        {
            foreach (var saga in SagaCatalog.All)
            {
                var labels = SagaMetricLabels.For(options.Value, saga);
                var query = $"TaskQueue = '{options.Value.TaskQueue}' AND SagaType = '{saga.SagaType}' " +
                    $"AND SagaStatus = '{SagaStatus.ManualReviewRequired}' AND ExecutionStatus = 'Running'";
                try
                {
                    var count = await client.CountWorkflowsAsync(query, new() { Rpc = new() { CancellationToken = stoppingToken } });
                    open.Set(count.Count, labels);
                    var age = count.Count == 0 ? TimeSpan.Zero : await OldestReviewAge.ReadAsync(client, query, stoppingToken);
                    oldest.Set(Math.Round(age.TotalSeconds, 3), labels);
                }
                catch (RpcException e)
                {
                    // The gauges keep their last value; the next round tries again.
                    logger.LogWarning("Cannot count sagas awaiting review ({SagaType}): {Reason}", saga.SagaType, e.Message);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
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
