using Temporalio.Common;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker;

/// <summary>
/// Exports every saga counter at 0 for every saga type this worker runs, from its start: a Prometheus counter appears
/// only at its first increment otherwise, and <c>increase(saga_resolved_total[1h])</c> is "No data" instead of 0
/// until the first saga is resolved (and a rate alert cannot tell "none" from "not scraped").
/// </summary>
internal static class SagaCounterZeros
{
    public static void Export(MetricMeter meter, SagaWorkerOptions options)
    {
        foreach (var saga in SagaCatalog.All)
        {
            var labels = SagaMetricLabels.For(options, saga);
            foreach (var name in SagaMetricNames.Counters)
            {
                meter.CreateCounter<long>(name, null, SagaMetricNames.Help(name)).Add(0, labels);
            }
        }
    }
}
