using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Temporalio.Common;
using Temporalio.Worker;
using TemporalSagas.Worker.Tracing;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Operations;

/// <summary>
/// Tracing may be turned on under running sagas: with the tracing interceptor, every recorded history still replays
/// (the interceptor changes no command), and a replay emits no span (an operator would see every step twice).
/// </summary>
public class SagaTracingReplayTests
{
    private static readonly string HistoryDir = Path.Combine(AppContext.BaseDirectory, "Histories");

    public static TheoryData<string> Histories()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(HistoryDir, "*.json").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task ReplayWorkflowAsync_WithTracingInterceptor_ReplaysAndEmitsNoSpan(string file)
    {
        var json = File.ReadAllText(Path.Combine(HistoryDir, file));
        var history = WorkflowHistory.FromJson($"traced-{Guid.NewGuid():N}", json);
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SagaTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = span =>
            {
                if (span.GetTagItem(SagaTracing.SagaId) as string == history.Id)
                {
                    spans.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions
        {
            DataConverter = SagaDataConverter.Instance,
            Interceptors = [new SagaTracingInterceptor()],
        }.AddWorkflow(WorkflowClass(json)));

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        result.ReplayFailure.Should().BeNull();
        spans.Should().BeEmpty();
    }

    private static Type WorkflowClass(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var type = doc.RootElement.GetProperty("events")[0].GetProperty("workflowExecutionStartedEventAttributes")
            .GetProperty("workflowType").GetProperty("name").GetString();
        return SagaCatalog.All.Single(d => d.WorkflowType == type).WorkflowClass;
    }
}
