using System.Text.Json;
using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>
/// <c>verify --temporal</c> (issue 17): a saga workflow that closed with <c>SagaStatus = Running</c> (what a cancel
/// during validation left behind) is a violation; with Temporal unreachable the check is not silently skipped.
/// </summary>
[Collection(DevServerCollection.Name)]
public sealed class VerifyTemporalTests(DevServerFixture fixture)
{
    private readonly CliHarness cli = new(fixture);

    [Fact]
    public async Task Verify_ClosedSagaStillRunningInItsStatus_ExitsOneNamingTheWorkflow()
    {
        // Started with SagaStatus = Running on a queue no worker polls, then closed without the engine seeing it.
        var id = cli.Id("verify-closed-running");
        var handle = await fixture.Client.StartWorkflowAsync(
            FlightBookingWorkflow.SagaType,
            [],
            new WorkflowOptions(id, $"nobody-{Guid.NewGuid():N}") { TypedSearchAttributes = SagaStart.SearchAttributes(FlightBookingWorkflow.SagaType) });
        await handle.TerminateAsync("closed outside the engine");

        // The visibility store catches up after the close: poll.
        JsonElement json = default;
        CliRun run = null!;
        for (var i = 0; i < 100; i++)
        {
            run = await cli.RunAsync(["verify", "--json", "--temporal", .. cli.Server()]);
            using var document = JsonDocument.Parse(run.Output);
            json = document.RootElement.Clone();
            if (Violations(json).Any(v => v.Subject == id))
            {
                break;
            }

            await Task.Delay(100);
        }

        run.Exit.Should().Be(ExitCodes.SagaFailed);
        json.GetProperty("domains").EnumerateArray().Select(d => d.GetString()).Should().Contain(TemporalSagaCheck.Domain);
        var violation = Violations(json).Should().ContainSingle(v => v.Subject == id).Subject;
        violation.Invariant.Should().Be(TemporalSagaCheck.ClosedWithOpenStatus);
        violation.Detail.Should().Contain("Terminated").And.Contain("SagaStatus Running");
    }

    [Fact]
    public async Task Verify_TemporalAskedForButUnreachable_ExitsThree()
    {
        var run = await cli.RunAsync(["verify", "--json", "--temporal", "--address", $"127.0.0.1:{TemporalSagas.Tests.Support.FreePort.Next()}"]);

        run.Exit.Should().Be(ExitCodes.TemporalUnreachable);
    }

    private static IEnumerable<(string Invariant, string Subject, string Detail)> Violations(JsonElement json) =>
        json.GetProperty("violations").EnumerateArray().Select(v => (
            v.GetProperty("invariant").GetString()!, v.GetProperty("subject").GetString()!, v.GetProperty("detail").GetString()!));
}
