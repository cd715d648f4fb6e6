using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using TemporalSagas.Tests.Histories;
using TemporalSagas.Tests.Replay;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// Histories of <see cref="EngineTestWorkflow"/> in Tests/Histories/Engine, recorded with the engine before issue 17
/// (commit 2e12de2): a cancel racing the task that ran local steps, a cancel during validation, a compensation that
/// kept failing ahead of another, one that went to review. Today's engine changes those paths behind
/// <c>Workflow.Patched</c>; these must still replay, taking the old branch.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class EngineHistoryTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    private static readonly string HistoryDir = Path.Combine(RecordedHistories.Directory, "Engine");

    public static TheoryData<string> Histories() => RecordedHistories.Files("Engine");

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task ReplayWorkflowAsync_EngineHistoryOfTheOldEngine_ReplaysDeterministically(string file)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(HistoryDir, file));
        var replayer = new WorkflowReplayer(
            new WorkflowReplayerOptions { DataConverter = SagaDataConverter.Instance }.AddWorkflow<EngineTestWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson(Path.GetFileNameWithoutExtension(file), json), throwOnReplayFailure: false);

        result.ReplayFailure.Should().BeNull();
    }

    [Fact]
    public void Histories_CoverEveryPathIssue17Changed() =>
        Directory.GetFiles(HistoryDir, "*.json").Select(Path.GetFileName).Should().BeEquivalentTo(
            "engine-cancel-races-local-steps.json", "engine-cancelled-during-validation.json",
            "engine-compensation-fails-transiently-ahead-of-another.json", "engine-compensation-past-budget-waiting-in-review.json");

    [RecordHistoriesFact]
    public async Task Record_EngineHistories()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var race = await StartAsync(tq, new([new("A"), new("B", StepMode.Local, SlowSeconds: 2), new("C", StepMode.Local)]));
            await acts.Started("do:B");
            await race.CancelAsync();
            await Assert.ThrowsAsync<WorkflowFailedException>(() => race.GetResultAsync());
            await SaveAsync(race, "engine-cancel-races-local-steps");

            var validating = await StartAsync(tq, new([new("V")], ValidateSeconds: 20));
            await acts.Started("validate");
            await validating.CancelAsync();
            await Assert.ThrowsAsync<WorkflowFailedException>(() => validating.GetResultAsync());
            await SaveAsync(validating, "engine-cancelled-during-validation");

            var transient = await StartAsync(
                tq, new([new("SEAT"), new("REFUND", UndoFailures: 20, UndoFailuresRetryable: true), new("CONFIRM", Fail: true)]));
            (await transient.GetResultAsync()).Status.Should().Be(SagaStatus.Compensated);
            await SaveAsync(transient, "engine-compensation-fails-transiently-ahead-of-another");

            var review = await StartAsync(
                tq,
                new([new("SEAT2"), new("REFUND2", UndoFailures: 1000, UndoFailuresRetryable: true), new("CONFIRM2", Fail: true)],
                    CompensationRetryBudget: TimeSpan.FromMinutes(1)));
            for (var i = 0; i < 200 && (await StateAsync(review)).Status != SagaStatus.ManualReviewRequired; i++)
            {
                await Env.DelayAsync(TimeSpan.FromSeconds(20));
            }

            (await StateAsync(review)).Status.Should().Be(SagaStatus.ManualReviewRequired);
            await SaveAsync(review, "engine-compensation-past-budget-waiting-in-review");
        });
    }

    private static async Task SaveAsync(WorkflowHandle handle, string name)
    {
        var dir = Path.Combine(HistoryRecorder.SourceDirectory(), "Engine");
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, $"{name}.json"), (await handle.FetchHistoryAsync()).ToJson());
    }
}
