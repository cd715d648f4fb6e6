using System.Text.Json;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>`saga …` and `review …` in-process against the end-to-end dev server and worker.</summary>
[Collection(DevServerCollection.Name)]
public sealed class SagaCommandTests(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliHarness cli = new(fixture);

    [Fact]
    public async Task SagaStatus_UnknownSaga_ExitsTwo()
    {
        var run = await cli.RunAsync(["saga", "status", "flight-booking-does-not-exist", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Errors.Should().Contain("no saga with id");
    }

    [Fact]
    public async Task SagaList_TypeAndStatusFilters_ListTheSagaOnlyUnderItsOwnStatus()
    {
        (await cli.RunAsync([.. cli.Book("listed"), "--payment-method", "declined-card"])).Exit.Should().Be(ExitCodes.SagaFailed);
        var workflowId = FlightBookingWorkflow.WorkflowId(cli.Id("listed"));

        // The visibility index catches up after the workflow closes: poll, never read once.
        var listed = await ListUntilAsync(
            ["saga", "list", "--type", FlightBookingWorkflow.SagaType, "--status", "compensated", "--limit", "1000"],
            ids => ids.Contains(workflowId));
        listed.Should().Contain(workflowId);

        var completed = await ListAsync(["saga", "list", "--status", "Completed", "--limit", "1000"]);
        completed.Should().NotContain(workflowId);
    }

    [Fact]
    public async Task SagaList_LimitReached_SaysMoreExistAndListsNewestFirst()
    {
        (await cli.RunAsync(cli.Book("more-1"))).Exit.Should().Be(ExitCodes.Success);
        (await cli.RunAsync(cli.Book("more-2"))).Exit.Should().Be(ExitCodes.Success);

        var one = await cli.RunAsync(["saga", "list", "--limit", "1", .. cli.Server()]);
        var page = await cli.RunAsync(["saga", "list", "--limit", "1000", "--json", .. cli.Server()]);

        one.Exit.Should().Be(ExitCodes.Success, one.Errors);
        one.Output.Should().Contain("1 saga(s), newest first; more exist beyond --limit 1");
        using var json = JsonDocument.Parse(page.Output);
        var started = json.RootElement.EnumerateArray().Select(s => s.GetProperty("startedUtc").GetDateTime()).ToList();
        started.Should().HaveCountGreaterThanOrEqualTo(2).And.BeInDescendingOrder();
    }

    [Theory]
    [InlineData("saga", "list", "--limit", "0")]
    [InlineData("saga", "list", "--limit", "1001")]
    [InlineData("saga", "list", "--status", "Lost")]
    [InlineData("saga", "list", "--type", "Cruise")]
    [InlineData("review", "list", "--limit", "0")]
    public async Task List_BadOption_ExitsTwoNamingIt(string group, string command, string option, string value)
    {
        var run = await cli.RunAsync([group, command, option, value, .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Errors.Should().StartWith($"error: {option}");
    }

    [Fact]
    public async Task ReviewResolve_SagaAwaitingReview_IsListedThenResolvedWithTheAnswer()
    {
        var handle = await StartReviewSagaAsync("review");
        var awaiting = await ListUntilAsync(["review", "list"], ids => ids.Contains(handle.Id));
        awaiting.Should().Contain(handle.Id);
        var inbox = await cli.RunAsync(["review", "list", "--json", .. cli.Server()]);
        using (var json = JsonDocument.Parse(inbox.Output))
        {
            var item = json.RootElement.EnumerateArray().Single(i => i.GetProperty("workflowId").GetString() == handle.Id);
            var undo = item.GetProperty("failedCompensations").EnumerateArray().Should().ContainSingle().Subject;
            undo.GetProperty("step").GetString().Should().Be("COMPENSATE_RESERVE_SEAT");
            undo.GetProperty("error").GetString().Should().NotBeNullOrEmpty();
            item.GetProperty("waitingSinceUtc").GetDateTime().Should().BeOnOrAfter(item.GetProperty("startedUtc").GetDateTime())
                .And.BeOnOrBefore(DateTime.UtcNow);
        }

        var table = await cli.RunAsync(["review", "list", "--limit", "1000", .. cli.Server()]);
        table.Output.Should().Contain("waiting since").And.Contain("failed compensation").And.Contain("COMPENSATE_RESERVE_SEAT")
            .And.Contain("review resolve <workflow id>");

        var run = await cli.RunAsync(
            ["review", "resolve", handle.Id, "--action", "resolved", "--operator", "ops-cli", "--note", "seat released by hand", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        run.Output.Should().Contain("the saga is ending as Resolved by the operator");
        (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Resolved);
        (await handle.QueryAsync(wf => wf.GetState())).Reviews.Should().ContainSingle().Which.Operator.Should().Be("ops-cli");

        var again = await cli.RunAsync(["review", "resolve", handle.Id, "--action", "retry", "--operator", "ops-cli", .. cli.Server()]);
        again.Exit.Should().Be(ExitCodes.BadInput, "the saga no longer awaits review");
        again.Errors.Should().Contain("Resolved");
    }

    [Fact]
    public async Task ReviewResolve_RetryWithJson_AnswersWhatTheSagaWillDo()
    {
        var handle = await StartReviewSagaAsync("review-retry");

        var run = await cli.RunAsync(["review", "resolve", handle.Id, "--action", "retry", "--operator", "ops-cli", "--json", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Output);
        using var json = JsonDocument.Parse(run.Output);
        var answer = json.RootElement.GetProperty("answer");
        answer.GetProperty("action").GetString().Should().Be(nameof(ReviewAction.RetryCompensations));
        answer.GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should().Contain("COMPENSATE_RESERVE_SEAT");
        (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Compensated);
    }

    [Fact]
    public async Task ReviewResolve_SagaNotInReview_ExitsTwoWithTheWorkflowsReason()
    {
        (await cli.RunAsync([.. cli.Book("not-in-review"), "--slow-at", "PROCESS_PAYMENT", "--slow-seconds", "3", "--no-wait"]))
            .Exit.Should().Be(ExitCodes.Success);
        var handle = fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(cli.Id("not-in-review")));
        await SagaPolling.WaitForRunningStepAsync(handle, FlightSteps.ProcessPayment, Timeout);

        var run = await cli.RunAsync(["review", "resolve", handle.Id, "--action", "retry", "--operator", "ops-cli", "--json", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        var error = run.JsonError();
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.ReviewRejected);
        error.GetProperty("message").GetString().Should().Contain("the saga is not awaiting manual review");

        // Let it finish: a saga still writing when the next test of the collection fingerprints the database is not
        // that test's write.
        await handle.GetResultAsync();
    }

    [Fact]
    public async Task ReviewResolve_OperatorTooLong_ExitsTwoNamingTheOption()
    {
        var run = await cli.RunAsync(
            ["review", "resolve", "any", "--action", "retry", "--operator", new string('o', ReviewDecision.MaxOperatorLength + 1), .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Errors.Should().StartWith("error: --operator");
    }

    [Fact]
    public async Task SagaHistory_JsonOutput_IsAHistoryTheReplayerAccepts()
    {
        await cli.RunAsync(cli.Book("history"));
        var file = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}", "h.json");

        var run = await cli.RunAsync(["saga", "history", FlightBookingWorkflow.WorkflowId(cli.Id("history")), "--json", "--output", file, .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success);
        var replayer = new WorkflowReplayer(new WorkflowReplayerOptions { DataConverter = SagaDataConverter.Instance }
            .AddWorkflow<FlightBookingWorkflow>());
        var replay = await replayer.ReplayWorkflowAsync(WorkflowHistory.FromJson("h", await File.ReadAllTextAsync(file)), throwOnReplayFailure: false);
        replay.ReplayFailure.Should().BeNull();
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    private async Task<WorkflowHandle<FlightBookingWorkflow, FlightBookingResult>> StartReviewSagaAsync(string name)
    {
        var started = await cli.RunAsync(
            [.. cli.Book(name), "--fail-at", "CONFIRM_BOOKING", "--fail-compensation-of", "RESERVE_SEAT", "--no-wait"]);
        started.Exit.Should().Be(ExitCodes.Success, started.Errors);
        var handle = fixture.Client.GetWorkflowHandle<FlightBookingWorkflow, FlightBookingResult>(FlightBookingWorkflow.WorkflowId(cli.Id(name)));
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, Timeout);
        return handle;
    }

    private async Task<List<string>> ListAsync(string[] command)
    {
        var run = await cli.RunAsync([.. command, "--json", .. cli.Server()]);
        run.Exit.Should().Be(ExitCodes.Success, run.Output + run.Errors);
        using var json = JsonDocument.Parse(run.Output);
        return [.. json.RootElement.EnumerateArray().Select(s => s.GetProperty("workflowId").GetString()!)];
    }

    private async Task<List<string>> ListUntilAsync(string[] command, Func<List<string>, bool> done)
    {
        var deadline = DateTime.UtcNow + Timeout;
        List<string> ids;
        while (!done(ids = await ListAsync(command)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return ids;
    }
}
