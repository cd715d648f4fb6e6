using System.Text.Json;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>`saga status`: the ledger, its reviews, and the timeline from the history (durations, attempts, last errors).</summary>
[Collection(DevServerCollection.Name)]
public sealed class SagaStatusTimelineTests(DevServerFixture fixture)
{
    private readonly CliHarness cli = new(fixture);

    [Fact]
    public async Task SagaStatus_RetriedStep_ShowsItsAttemptsTheLastErrorAndHowLongItTook()
    {
        var book = await cli.RunAsync([.. cli.Book("timeline-retried"), "--transient-at", FlightSteps.ProcessPayment, "--transient-failures", "2"]);
        book.Exit.Should().Be(ExitCodes.Success, book.Errors);

        var run = await cli.RunAsync(["saga", "status", FlightBookingWorkflow.WorkflowId(cli.Id("timeline-retried")), .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        run.Output.Should().Contain("timeline (from the history)");
        var payment = TimelineRow(run.Output, FlightSteps.ProcessPayment);
        payment["kind"].Should().Be(SpanKinds.Step);
        payment["attempts"].Should().Be("3");
        payment["outcome"].Should().Be(SpanOutcomes.Completed);
        payment["last error"].Should().StartWith($"simulated transient failure at {FlightSteps.ProcessPayment}");
        Seconds(payment["took"]).Should().BeGreaterThan(2.5, "two retries with 1 s and 2 s back-off");
        TimelineRow(run.Output, FlightSteps.ReserveSeat)["attempts"].Should().Be("1");
        run.Output.Should().MatchRegex(@"started \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ, took \d+\.\d s");
    }

    [Fact]
    public async Task SagaStatusJson_RetriedStep_CarriesTheTableRowsWithAttemptsDurationAndError()
    {
        var book = await cli.RunAsync([.. cli.Book("timeline-json"), "--transient-at", FlightSteps.ProcessPayment, "--transient-failures", "2"]);
        book.Exit.Should().Be(ExitCodes.Success, book.Errors);
        var id = FlightBookingWorkflow.WorkflowId(cli.Id("timeline-json"));
        var text = await cli.RunAsync(["saga", "status", id, .. cli.Server()]);

        var run = await cli.RunAsync(["saga", "status", id, "--json", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        using var json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("status").GetString().Should().Be(nameof(SagaStatus.Completed), "the state's fields stay at the top");
        var rows = json.RootElement.GetProperty("timeline").EnumerateArray().ToList();
        var payment = rows.Single(r => r.GetProperty("step").GetString() == FlightSteps.ProcessPayment);
        payment.GetProperty("kind").GetString().Should().Be(SpanKinds.Step);
        payment.GetProperty("status").GetString().Should().Be(SpanOutcomes.Completed);
        payment.GetProperty("attempts").GetInt32().Should().Be(3);
        payment.GetProperty("durationSeconds").GetDouble().Should().BeGreaterThan(2.5, "two retries with 1 s and 2 s back-off");
        payment.GetProperty("error").GetString().Should().StartWith($"simulated transient failure at {FlightSteps.ProcessPayment}");
        rows.Single(r => r.GetProperty("step").GetString() == FlightSteps.ReserveSeat).GetProperty("attempts").GetInt32().Should().Be(1);
        rows.Select(r => r.GetProperty("step").GetString()).Should().Equal(TableSteps(text.Output), "the same rows as the text table, in its order");
    }

    [Fact]
    public async Task SagaStatus_ResolvedReview_ShowsWhoResolvedTheFailedCompensationAndTheReviewWait()
    {
        var started = await cli.RunAsync(
            [.. cli.Book("timeline-review"), "--fail-at", FlightSteps.ConfirmBooking, "--fail-compensation-of", FlightSteps.ReserveSeat, "--no-wait"]);
        started.Exit.Should().Be(ExitCodes.Success, started.Errors);
        var handle = fixture.Client.GetWorkflowHandle<FlightBookingWorkflow, FlightBookingResult>(FlightBookingWorkflow.WorkflowId(cli.Id("timeline-review")));
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(60));
        var resolve = await cli.RunAsync(
            ["review", "resolve", handle.Id, "--action", "resolved", "--operator", "ops-cli", "--note", "seat released by hand", .. cli.Server()]);
        resolve.Exit.Should().Be(ExitCodes.Success, resolve.Errors);
        await handle.GetResultAsync();

        var run = await cli.RunAsync(["saga", "status", handle.Id, .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Errors);
        run.Output.Should().Contain("resolved by hand by ops-cli").And.Contain("marked resolved");
        var wait = TimelineRow(run.Output, "manual review");
        wait["kind"].Should().Be(SpanKinds.ReviewWait);
        wait["outcome"].Should().Be(SpanOutcomes.Decided);
        TimelineRow(run.Output, "marked resolved by ops-cli: seat released by", prefix: true)["kind"].Should().Be("review-decision");
        TimelineRow(run.Output, $"{FlightSteps.ConfirmBooking} ✕")["outcome"].Should().Be(SpanOutcomes.Failed);
    }

    // The timeline table's row whose step cell is (or, a long one that wraps, starts with) <paramref name="step"/>.
    private static Dictionary<string, string> TimelineRow(string output, string step, bool prefix = false)
    {
        var lines = output.Split('\n');
        var title = Array.FindIndex(lines, l => l.Contains("timeline (from the history)", StringComparison.Ordinal));
        title.Should().BeGreaterThanOrEqualTo(0, output);
        var rows = lines.Skip(title + 1).Where(l => l.Contains('│')).Select(Cells).ToList();
        var header = rows[0];
        var row = rows.Skip(1).FirstOrDefault(r => r.Count == header.Count && (prefix ? r[2].StartsWith(step, StringComparison.Ordinal) : r[2] == step));
        row.Should().NotBeNull($"the timeline should have a row for {step}:\n{output}");
        return header.Zip(row!).ToDictionary(p => p.First, p => p.Second);
    }

    // The timeline table's step column, top to bottom.
    private static List<string> TableSteps(string output)
    {
        var lines = output.Split('\n');
        var title = Array.FindIndex(lines, l => l.Contains("timeline (from the history)", StringComparison.Ordinal));
        var rows = lines.Skip(title + 1).Where(l => l.Contains('│')).Select(Cells).ToList();
        return [.. rows.Skip(1).Where(r => r.Count == rows[0].Count && r[0].StartsWith('+')).Select(r => r[2].TrimEnd(' ', '✕'))];
    }

    private static List<string> Cells(string line) => [.. line.Split('│').Skip(1).SkipLast(1).Select(c => c.Trim())];

    private static double Seconds(string took) =>
        took.EndsWith(" ms", StringComparison.Ordinal) ? double.Parse(took[..^3], System.Globalization.CultureInfo.InvariantCulture) / 1000
        : took.EndsWith(" s", StringComparison.Ordinal) && !took.Contains("min", StringComparison.Ordinal)
            ? double.Parse(took[..^2], System.Globalization.CultureInfo.InvariantCulture)
            : throw new FormatException($"unexpected duration '{took}'");
}
