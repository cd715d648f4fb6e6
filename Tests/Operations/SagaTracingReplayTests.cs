using System.Collections.Concurrent;
using System.Diagnostics;
using Temporalio.Worker;
using TemporalSagas.Tests.Replay;
using TemporalSagas.Worker.Tracing;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Operations;

/// <summary>
/// Tracing may be turned on under running sagas: with the tracing interceptor, every recorded history still replays
/// (the interceptor changes no command), and a replay emits no span (an operator would see every step twice).
/// </summary>
public class SagaTracingReplayTests
{
    public static TheoryData<string> Histories() => RecordedHistories.Files();

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task ReplayWorkflowAsync_WithTracingInterceptor_ReplaysAndEmitsNoSpan(string file)
    {
        var (workflowType, history) = RecordedHistories.Load(file, $"traced-{Guid.NewGuid():N}");
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
        }.AddWorkflow(SagaCatalog.All.Single(d => d.WorkflowType == workflowType).WorkflowClass));

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        result.ReplayFailure.Should().BeNull();
        spans.Should().BeEmpty();
    }
}
