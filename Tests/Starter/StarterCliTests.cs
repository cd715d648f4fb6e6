using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Worker;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>The CLI in-process against the end-to-end dev server and worker: exit codes as DESIGN §6.</summary>
[Collection(DevServerCollection.Name)]
public sealed class StarterCliTests : IDisposable
{
    private readonly DevServerFixture fixture;
    private readonly string? previousConnectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Sagas");

    public StarterCliTests(DevServerFixture fixture)
    {
        this.fixture = fixture;

        // The CLI checks flights against the worker's database, found like the worker finds it.
        Environment.SetEnvironmentVariable("ConnectionStrings__Sagas", fixture.ConnectionString);
    }

    public void Dispose() => Environment.SetEnvironmentVariable("ConnectionStrings__Sagas", previousConnectionString);

    [Fact]
    public async Task FlightBook_ValidBooking_ExitsZeroAndPrintsTheConfirmedResult()
    {
        var (exit, output) = await RunAsync([.. Book("ok"), "--json"]);

        exit.Should().Be(ExitCodes.Success);
        output.Should().Contain("\"success\": true").And.Contain("\"bookingReference\"");
    }

    [Fact]
    public async Task FlightBook_PaymentDeclined_ExitsOneAfterCompensating()
    {
        var (exit, _) = await RunAsync([.. Book("declined"), "--payment-method", "declined-card"]);

        exit.Should().Be(ExitCodes.SagaFailed);
        var state = await fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(Id("declined")))
            .QueryAsync<SagaState>("GetState", []);
        state.Status.Should().Be(SagaStatus.Compensated);
    }

    [Theory]
    [InlineData("--flight", "TS999")]
    [InlineData("--fare", "-5")]
    [InlineData("--fail-at", "PAYMENT")]
    [InlineData("--class", "luxury")]
    [InlineData("--passengers", "two")]
    public async Task FlightBook_BadInput_ExitsTwoAndStartsNothing(string option, string value)
    {
        var name = $"bad{option}";
        var args = Book(name).ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (exit, _) = await RunAsync([.. args]);

        exit.Should().Be(ExitCodes.BadInput);
        var describe = () => fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(Id(name))).DescribeAsync();
        (await describe.Should().ThrowAsync<RpcException>()).Which.Code.Should().Be(RpcException.StatusCode.NotFound);
    }

    [Fact]
    public async Task FlightBook_NoServerAtTheAddress_ExitsThree()
    {
        var (exit, _) = await RunAsync(["flight", "book", "--flight", "TS100", "--user", "alice", "--fare", "100", "--address", "127.0.0.1:1"]);

        exit.Should().Be(ExitCodes.TemporalUnreachable);
    }

    [Fact]
    public async Task SagaStatus_UnknownSaga_ExitsTwo()
    {
        var (exit, _) = await RunAsync(["saga", "status", "flight-booking-does-not-exist", .. Server()]);

        exit.Should().Be(ExitCodes.BadInput);
    }

    [Fact]
    public async Task ReviewResolve_SagaAwaitingReview_MarksItResolvedWithTheOperator()
    {
        var (started, _) = await RunAsync(
            [.. Book("review"), "--fail-at", "CONFIRM_BOOKING", "--fail-compensation-of", "RESERVE_SEAT", "--no-wait"]);
        started.Should().Be(ExitCodes.Success);
        var handle = fixture.Client.GetWorkflowHandle<FlightBookingWorkflow, FlightBookingResult>(FlightBookingWorkflow.WorkflowId(Id("review")));
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(60));

        var (exit, _) = await RunAsync(["review", "resolve", handle.Id, "--action", "resolved", "--operator", "ops-cli", "--note", "seat released by hand", .. Server()]);

        exit.Should().Be(ExitCodes.Success);
        var result = await handle.GetResultAsync();
        result.Status.Should().Be(SagaStatus.Resolved);
        (await handle.QueryAsync(wf => wf.GetState())).Reviews.Should().ContainSingle().Which.Operator.Should().Be("ops-cli");

        var (again, _) = await RunAsync(["review", "resolve", handle.Id, "--action", "retry", "--operator", "ops-cli", .. Server()]);
        again.Should().Be(ExitCodes.BadInput, "the saga no longer awaits review");
    }

    [Fact]
    public async Task SagaHistory_JsonOutput_IsAHistoryTheReplayerAccepts()
    {
        await RunAsync(Book("history"));
        var file = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}", "h.json");

        var (exit, _) = await RunAsync(["saga", "history", FlightBookingWorkflow.WorkflowId(Id("history")), "--json", "--output", file, .. Server()]);

        exit.Should().Be(ExitCodes.Success);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = SagaDataConverter.Instance }
            .AddWorkflow<FlightBookingWorkflow>());
        var replay = await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson("h", await File.ReadAllTextAsync(file)), throwOnReplayFailure: false);
        replay.ReplayFailure.Should().BeNull();
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    private string Id(string name) => $"cli-{run}-{name.TrimStart('-')}";

    private string[] Server() => ["--address", fixture.Client.Connection.Options.TargetHost!, "--namespace", fixture.Client.Options.Namespace];

    private string[] Book(string name) =>
    [
        "flight", "book", "--flight", "TS100", "--user", "alice", "--passengers", "1", "--fare", "100",
        "--id", Id(name), "--task-queue", fixture.TaskQueue, .. Server(),
    ];

    private static async Task<(int Exit, string Output)> RunAsync(string[] args)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            return (await StarterCli.RunAsync(args), output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
