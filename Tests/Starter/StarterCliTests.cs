using System.Text.Json;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>`flight book` in-process against the end-to-end dev server and worker: exit codes as DESIGN §6.</summary>
[Collection(DevServerCollection.Name)]
public sealed class StarterCliTests(DevServerFixture fixture)
{
    private readonly CliHarness cli = new(fixture);

    [Fact]
    public async Task FlightBook_ValidBooking_ExitsZeroAndPrintsTheConfirmedResult()
    {
        var run = await cli.RunAsync([.. cli.Book("ok"), "--json"]);

        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("success").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("bookingReference").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task FlightBook_PaymentDeclined_ExitsOneAfterCompensating()
    {
        var run = await cli.RunAsync([.. cli.Book("declined"), "--payment-method", "declined-card"]);

        run.Exit.Should().Be(ExitCodes.SagaFailed, run.Errors);
        var state = await fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(cli.Id("declined")))
            .QueryAsync<SagaState>("GetState", []);
        state.Status.Should().Be(SagaStatus.Compensated);
    }

    [Theory]
    [InlineData("--flight", "TS999")]
    [InlineData("--user", "nobody")]
    [InlineData("--fare", "-5")]
    [InlineData("--fare", "0.001")]
    [InlineData("--fail-at", "PAYMENT")]
    [InlineData("--class", "luxury")]
    [InlineData("--passengers", "two")]
    [InlineData("--passengers", "10")]
    [InlineData("--id", "has space")]
    [InlineData("--id", "a-very-long-id-of-sixty-five-characters-which-is-one-more-than-64x")]
    [InlineData("--transient-failures", "101")]
    [InlineData("--compensation-failures", "-1")]
    [InlineData("--slow-seconds", "500")]
    [InlineData("--task-queue", "")]
    public async Task FlightBook_BadInput_ExitsTwoWithOneLineNamingTheOptionAndStartsNothing(string option, string value)
    {
        var name = $"bad{option}{value.Length}";
        var run = await cli.RunAsync(CliHarness.With(cli.Book(name), option, value));

        run.Exit.Should().Be(ExitCodes.BadInput, run.Output);
        run.Errors.TrimEnd().Should().NotContain("\n").And.StartWith("error: ").And.Contain(option);
        var describe = () => fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(cli.Id(name))).DescribeAsync();
        (await describe.Should().ThrowAsync<RpcException>()).Which.Code.Should().Be(RpcException.StatusCode.NotFound);
    }

    [Fact]
    public async Task FlightBook_NoServerAtTheAddress_ExitsThree()
    {
        var run = await cli.RunAsync(["flight", "book", "--flight", "TS100", "--user", "alice", "--fare", "100", "--address", "127.0.0.1:1"]);

        run.Exit.Should().Be(ExitCodes.TemporalUnreachable);
        run.Errors.Should().Contain("127.0.0.1:1");
    }

    [Fact]
    public async Task FlightBook_NoDatabaseYet_WarnsCreatesNoFileAndTheWorkflowRejectsTheUnknownFlight()
    {
        var directory = Directory.CreateTempSubdirectory("cli-no-db-").FullName;
        var missing = Path.Combine(directory, "sagas.db");
        try
        {
            var run = await cli.RunAsync(CliHarness.With(cli.Book("no-db"), "--flight", "TS999"), CliHarness.Database($"Data Source={missing}"));

            run.Exit.Should().Be(ExitCodes.BadInput, run.Output);
            run.Errors.Should().Contain("warning: no sagas database").And.Contain("--flight: unknown flight 'TS999'");
            Directory.EnumerateFileSystemEntries(directory).Should().BeEmpty("the CLI only reads the worker's database");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task FlightBook_DatabasePathIsADirectory_ExitsTwoNamingThePath()
    {
        var directory = Directory.CreateTempSubdirectory("cli-db-dir-").FullName;
        try
        {
            var run = await cli.RunAsync(cli.Book("db-dir"), CliHarness.Database($"Data Source={directory}"));

            run.Exit.Should().Be(ExitCodes.BadInput);
            run.Errors.TrimEnd().Should().Contain(directory).And.NotContain("\n");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task FlightBook_CancelledWhileWaiting_Exits130()
    {
        using var cancel = new CancellationTokenSource();
        var running = cli.RunAsync(
            [.. cli.Book("cancelled"), "--slow-at", "PROCESS_PAYMENT", "--slow-seconds", "5"], cancellationToken: cancel.Token);
        var handle = fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(cli.Id("cancelled")));
        await WaitForStepAsync(handle, FlightSteps.ProcessPayment);

        await cancel.CancelAsync();
        var run = await running;

        run.Exit.Should().Be(ExitCodes.Cancelled);
        run.Errors.Trim().Should().Be("cancelled");
    }

    [Fact]
    public async Task FlightBook_SameIdWhileItRuns_AttachesToTheRunningSaga()
    {
        string[] slow = [.. cli.Book("attach"), "--slow-at", "PROCESS_PAYMENT", "--slow-seconds", "3", "--no-wait", "--json"];
        var first = await cli.RunAsync(slow);
        var second = await cli.RunAsync(slow);

        first.Exit.Should().Be(ExitCodes.Success, first.Output);
        second.Exit.Should().Be(ExitCodes.Success, second.Output);
        RunId(second).Should().Be(RunId(first));
        await fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(cli.Id("attach"))).GetResultAsync<FlightBookingResult>();
    }

    [Fact]
    public async Task FlightBook_SameIdAfterItFinished_ExitsTwoAndStartsNoSecondRun()
    {
        var first = await cli.RunAsync(cli.Book("reused"));
        first.Exit.Should().Be(ExitCodes.Success, first.Errors);
        var handle = fixture.Client.GetWorkflowHandle(FlightBookingWorkflow.WorkflowId(cli.Id("reused")));
        var runId = (await handle.DescribeAsync()).RunId;

        var again = await cli.RunAsync([.. cli.Book("reused"), "--json"]);

        again.Exit.Should().Be(ExitCodes.BadInput);
        var error = again.JsonError();
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.SagaAlreadyRan);
        error.GetProperty("option").GetString().Should().Be("--id");
        error.GetProperty("message").GetString().Should().Be(
            $"saga {handle.Id} already ran (Completed); use another --id or `saga status {cli.Id("reused")}`");
        (await handle.DescribeAsync()).RunId.Should().Be(runId);
    }

    [Fact]
    public async Task Json_ParseError_IsOneErrorDocumentOnStdout()
    {
        var run = await cli.RunAsync([.. CliHarness.With(cli.Book("json-parse"), "--passengers", "two"), "--json"]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Errors.Should().BeEmpty();
        var error = run.JsonError();
        error.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.BadInput);
        error.GetProperty("type").GetString().Should().Be("INVALID_INPUT");
        error.GetProperty("option").GetString().Should().Be("--passengers");
    }

    [Fact]
    public async Task Json_UnknownFlight_IsOneErrorDocumentNamingTheOption()
    {
        var run = await cli.RunAsync([.. CliHarness.With(cli.Book("json-flight"), "--flight", "TS999"), "--json"]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.Errors.Should().BeEmpty();
        var error = run.JsonError();
        error.GetProperty("option").GetString().Should().Be("--flight");
        error.GetProperty("message").GetString().Should().StartWith("--flight: unknown flight 'TS999' (flights: ").And.Contain("TS100");
    }

    [Fact]
    public async Task Json_Unreachable_IsOneErrorDocumentWithExitThree()
    {
        var run = await cli.RunAsync(["saga", "list", "--address", "127.0.0.1:1", "--json"]);

        run.Exit.Should().Be(ExitCodes.TemporalUnreachable);
        run.Errors.Should().BeEmpty();
        var error = run.JsonError();
        error.GetProperty("exitCode").GetInt32().Should().Be(ExitCodes.TemporalUnreachable);
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.TemporalUnreachable);
    }

    private static string RunId(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("runId").GetString()!;
    }

    // The CLI starts the workflow itself; poll until it exists and its step runs.
    private static async Task WaitForStepAsync(WorkflowHandle handle, string step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                await SagaPolling.WaitForRunningStepAsync(handle, step, deadline - DateTime.UtcNow);
                return;
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
