using System.Text.Json;
using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>`review resolve` with the repair actions (retry-step, skip, compensate) against the end-to-end dev server:
/// a stuck forward step (<see cref="StuckStepSagas"/>) and the flight saga's failed compensation.</summary>
[Collection(DevServerCollection.Name)]
public sealed class ReviewRepairCommandTests(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliHarness cli = new(fixture);
    private readonly StuckStepSagas stuck = new(fixture);

    [Fact]
    public Task ReviewResolve_RetryStep_IsListedAsAStuckStepThenAcceptedAndTheSagaCompletes() => stuck.RunAsync(async () =>
    {
        var handle = await stuck.StartStuckAsync(cli.Id("retry-step"));
        await TemporalSagas.Tests.SagaConsole.ConsoleServer.WaitForVisibilityAsync(fixture.Client, handle.Id, SagaStatus.ManualReviewRequired);
        var list = await cli.RunAsync(["review", "list", "--json", .. cli.Server()]);
        using (var inbox = JsonDocument.Parse(list.Output))
        {
            var item = inbox.RootElement.EnumerateArray().Should().ContainSingle(i => i.GetProperty("workflowId").GetString() == handle.Id).Subject;
            item.GetProperty("awaiting").GetString().Should().Be(ReviewInbox.ForwardStep);
            item.GetProperty("step").GetProperty("name").GetString().Should().Be(StuckStepSagas.StuckStep);
            item.GetProperty("actions").EnumerateArray().Select(a => a.GetString())
                .Should().Equal(nameof(ReviewAction.RetryStep), nameof(ReviewAction.Compensate), nameof(ReviewAction.MarkResolved));
        }

        var table = await cli.RunAsync(["review", "list", "--limit", "1000", .. cli.Server()]);
        table.Output.Should().Contain("none: the step waits");

        var run = await cli.RunAsync(
            ["review", "resolve", handle.Id, "--action", "retry-step", "--step", StuckStepSagas.StuckStep, "--operator", "ops-cli",
                "--note", "carrier back", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        run.Output.Should().Contain($"RetryStep ({StuckStepSagas.StuckStep}) by ops-cli accepted").And.Contain($"retrying step {StuckStepSagas.StuckStep}");
        var state = await handle.GetResultAsync();
        state.Status.Should().Be(SagaStatus.Completed);
        state.Reviews.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Action = ReviewAction.RetryStep, Operator = "ops-cli", Step = StuckStepSagas.StuckStep });
    });

    [Fact]
    public Task ReviewResolve_CompensateAfterThePivot_ExitsTwoWithTheValidatorsReason() => stuck.RunAsync(async () =>
    {
        var handle = await stuck.StartStuckAsync(cli.Id("past-pivot"), pastPivot: true);

        var run = await cli.RunAsync(["review", "resolve", handle.Id, "--action", "compensate", "--operator", "ops-cli", "--json", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        var error = run.JsonError();
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.ReviewRejected);
        error.GetProperty("message").GetString().Should().Contain("past its pivot");
        var state = await handle.QueryAsync(wf => wf.GetState());
        state.Status.Should().Be(SagaStatus.ManualReviewRequired, "the refused decision changed nothing");
        state.Reviews.Should().BeNullOrEmpty();
    });

    [Fact]
    public async Task ReviewResolve_SkipWithStepAndNote_IsRecordedInSagaStatusWithTheStepAndNote()
    {
        var handle = await StartFailedCompensationAsync("skip");

        var run = await cli.RunAsync(
            ["review", "resolve", handle.Id, "--action", "skip", "--step", "RESERVE_SEAT", "--operator", "ops-cli",
                "--note", "seat released in the airline's back office", .. cli.Server()]);
        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        run.Output.Should().Contain("recording COMPENSATE_RESERVE_SEAT as undone by hand");
        (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Compensated);

        var text = await cli.RunAsync(["saga", "status", handle.Id, .. cli.Server()]);
        text.Output.Should().Contain("skip (undone by hand) RESERVE_SEAT");
        var status = await cli.RunAsync(["saga", "status", handle.Id, "--json", .. cli.Server()]);
        status.Exit.Should().Be(ExitCodes.Success, status.Errors);
        using var json = JsonDocument.Parse(status.Output);
        var review = json.RootElement.GetProperty("reviews").EnumerateArray().Should().ContainSingle().Subject;
        review.GetProperty("action").GetString().Should().Be(nameof(ReviewAction.SkipCompensation));
        review.GetProperty("step").GetString().Should().Be("RESERVE_SEAT");
        review.GetProperty("note").GetString().Should().Be("seat released in the airline's back office");
    }

    [Fact]
    public async Task ReviewResolve_SkipWithoutStep_ExitsTwoNamingStep_AndChangesNothing()
    {
        var handle = await StartFailedCompensationAsync("skip-no-step");

        var run = await cli.RunAsync(
            ["review", "resolve", handle.Id, "--action", "skip", "--operator", "ops-cli", "--note", "done by hand", "--json", .. cli.Server()]);
        var noNote = await cli.RunAsync(["review", "resolve", handle.Id, "--action", "skip", "--step", "RESERVE_SEAT", "--operator", "ops-cli", .. cli.Server()]);
        var stepOnResolve = await cli.RunAsync(
            ["review", "resolve", handle.Id, "--action", "resolved", "--step", "RESERVE_SEAT", "--operator", "ops-cli", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.JsonError().GetProperty("option").GetString().Should().Be("--step");
        run.JsonError().GetProperty("message").GetString().Should().Be("--step: skip needs the compensation's step", "the CLI's word, not the enum's");
        noNote.Exit.Should().Be(ExitCodes.BadInput);
        noNote.Errors.Should().StartWith("error: --note");
        stepOnResolve.Exit.Should().Be(ExitCodes.BadInput);
        stepOnResolve.Errors.Should().StartWith("error: --step");
        var state = await handle.QueryAsync(wf => wf.GetState());
        state.Status.Should().Be(SagaStatus.ManualReviewRequired);
        state.Reviews.Should().BeNullOrEmpty("nothing was sent");

        await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-cli", "test over")));
    }

    [Fact]
    public async Task ReviewResolve_RetryStepWhileCompensationsWait_ExitsTwoWithTheReason()
    {
        var handle = await StartFailedCompensationAsync("retry-step-comp");

        var run = await cli.RunAsync(["review", "resolve", handle.Id, "--action", "retry-step", "--operator", "ops-cli", "--json", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        var error = run.JsonError();
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.ReviewRejected);
        error.GetProperty("message").GetString().Should().Contain("RetryStep is for a stuck forward step").And.Contain("COMPENSATE_RESERVE_SEAT");
        (await handle.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.ManualReviewRequired);

        await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops-cli", "test over")));
    }

    [Fact]
    public async Task ReviewResolve_Help_ExplainsEachActionOnALineOfItsOwn()
    {
        var run = await cli.RunAsync(["review", "resolve", "--help"]);

        run.Exit.Should().Be(ExitCodes.Success);
        var lines = run.Output.Split('\n').Select(l => l.Trim()).ToList();
        lines.Should().Contain("retry       run the failed compensations again")
            .And.Contain("retry-step  run the stuck forward step again (same idempotency key)")
            .And.Contain("skip        one failed compensation (--step) was undone by hand (--note says how)")
            .And.Contain("compensate  give up on the stuck forward step and compensate (not after the pivot)")
            .And.Contain(l => l.StartsWith("resolved    an operator fixed it by hand", StringComparison.Ordinal));
        run.Output.Should().Contain("--step <step>");
    }

    private async Task<WorkflowHandle<FlightBookingWorkflow, FlightBookingResult>> StartFailedCompensationAsync(string name)
    {
        var started = await cli.RunAsync(
            [.. cli.Book(name), "--fail-at", "CONFIRM_BOOKING", "--fail-compensation-of", "RESERVE_SEAT", "--no-wait"]);
        started.Exit.Should().Be(ExitCodes.Success, started.Errors);
        var handle = fixture.Client.GetWorkflowHandle<FlightBookingWorkflow, FlightBookingResult>(FlightBookingWorkflow.WorkflowId(cli.Id(name)));
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, Timeout);
        return handle;
    }
}
