using System.Reflection;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using Temporalio.Workflows;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Replay;

/// <summary>
/// Replays the recorded histories in Tests/Histories against today's workflow code, so a change that breaks
/// determinism for running sagas fails CI. Re-record them with <c>RECORD_HISTORIES=1</c> (Tests/Histories/README.md).
/// </summary>
public class WorkflowReplayTests
{
    private static readonly string HistoryDir = RecordedHistories.Directory;

    private static readonly IReadOnlyDictionary<string, Type> WorkflowTypes = typeof(FlightBookingWorkflow).Assembly
        .GetTypes()
        .Where(t => t.GetCustomAttribute<WorkflowAttribute>() is not null)
        .ToDictionary(t => t.GetCustomAttribute<WorkflowAttribute>()!.Name ?? t.Name);

    public static TheoryData<string> Histories() => RecordedHistories.Files();

    [Theory]
    [MemberData(nameof(Histories))]
    public async Task ReplayWorkflowAsync_RecordedHistory_ReplaysDeterministically(string file)
    {
        var (workflowType, history) = Load(file);
        var replayer = new WorkflowReplayer(Options().AddWorkflow(WorkflowTypes[workflowType]));

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        result.ReplayFailure.Should().BeNull();
    }

    [Fact]
    public void Histories_CoverEveryWorkflowTypeWithAHappyAndACompensatedRun()
    {
        var recorded = Directory.GetFiles(HistoryDir, "*.json").Select(f => Path.GetFileName(f)).ToList();

        // Per type: each workflow type has its own completed and its own compensated history.
        foreach (var name in WorkflowTypes.Keys)
        {
            recorded.Where(f => Load(f).WorkflowType == name).Should()
                .Contain(f => f.Contains("-completed", StringComparison.Ordinal), $"{name} needs a recorded happy run")
                .And.Contain(f => f.Contains("-compensated", StringComparison.Ordinal), $"{name} needs a recorded compensated run");
        }
    }

    [Fact]
    public void Histories_CoverTheSagasThatLiveLongest_ReviewCancelledAndTimedOut()
    {
        var recorded = Directory.GetFiles(HistoryDir, "flight-booking-*.json").Select(f => Path.GetFileNameWithoutExtension(f)).ToList();

        recorded.Should().Contain([
            "flight-booking-waiting-in-review", "flight-booking-cancelled", "flight-booking-timed-out", "flight-booking-completed-local-steps",
        ]);
    }

    public static TheoryData<string> FlightHistories()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(HistoryDir, "*.json").Order().Where(f => Load(f).WorkflowType == nameof(FlightBookingWorkflow)))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FlightHistories))]
    public async Task ReplayWorkflowAsync_ChangeGuardedByPatched_ReplaysEveryRecordedFlightHistory(string file)
    {
        var (_, history) = Load(file);
        var replayer = new WorkflowReplayer(Options().AddWorkflow<PatchedFlightBookingWorkflow>());

        var result = await replayer.ReplayWorkflowAsync(history, throwOnReplayFailure: false);

        result.ReplayFailure.Should().BeNull();
    }

    [Fact]
    public async Task ReplayWorkflowAsync_SameChangeWithoutPatched_FailsWithNondeterminism()
    {
        var (_, history) = Load("flight-booking-completed.json");
        var replayer = new WorkflowReplayer(Options().AddWorkflow<UnguardedFlightBookingWorkflow>());

        var replay = () => replayer.ReplayWorkflowAsync(history);

        await replay.Should().ThrowAsync<WorkflowNondeterminismException>();
    }

    [Fact]
    public async Task ReplayWorkflowAsync_StepsReordered_FailsWithNondeterminism()
    {
        var (_, history) = Load(Directory.GetFiles(HistoryDir, "flight-booking-*completed*.json").Select(Path.GetFileName).First()!);
        var replayer = new WorkflowReplayer(Options().AddWorkflow<ReorderedFlightBookingWorkflow>());

        var replay = () => replayer.ReplayWorkflowAsync(history);

        await replay.Should().ThrowAsync<WorkflowNondeterminismException>();
    }

    private static WorkflowReplayerOptions Options() => new() { DataConverter = SagaDataConverter.Instance };

    private static (string WorkflowType, WorkflowHistory History) Load(string file) => RecordedHistories.Load(file);
}
