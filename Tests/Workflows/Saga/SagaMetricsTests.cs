using Temporalio.Client;
using Temporalio.Runtime;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>The saga counters, read from a runtime of its own whose meter records them.</summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaMetricsTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    private static readonly KeyValuePair<string, object> EngineTest = new(SagaMetricNames.SagaTypeLabel, EngineTestWorkflow.SagaType);

    [Fact]
    public async Task RunAsync_CompletedAndCompensatedSagas_AreCountedBySagaType()
    {
        var meter = new RecordingMetricMeter();
        var runtime = new TemporalRuntime(new()
        {
            Telemetry = new() { Metrics = new() { CustomMetricMeter = meter } },
        });
        var client = await TemporalClient.ConnectAsync(new(Client.Connection.Options.TargetHost!)
        {
            Namespace = Client.Options.Namespace,
            DataConverter = SagaDataConverter.Instance,
            Runtime = runtime,
        });

        await RunWorkerAsync<EngineTestWorkflow>(client, new FakeStepActivities(), async tq =>
        {
            await RunAsync(client, tq, new([new("A")]));
            await RunAsync(client, tq, new([new("A"), new("B", Fail: true)]));
        });

        meter.Total(SagaMetricNames.Started, EngineTest).Should().Be(2);
        meter.Total(SagaMetricNames.Completed, EngineTest).Should().Be(1);
        meter.Total(SagaMetricNames.Compensated, EngineTest).Should().Be(1);
        meter.Total(SagaMetricNames.Compensated, new(SagaMetricNames.SagaTypeLabel, "Other")).Should().Be(0);
    }

    private static Task RunAsync(ITemporalClient client, string taskQueue, EngineTestInput input) =>
        client.ExecuteWorkflowAsync(
            (EngineTestWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions($"engine-metrics-{Guid.NewGuid()}", taskQueue));
}
