using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.SagaConsole;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Starter;

/// <summary>The README's first command, run in-process on free ports: every scenario must end as expected.</summary>
[Collection(DevServerCollection.Name)] // one dev server at a time on a 2-core machine
public class DemoCommandTests
{
    [Fact]
    public async Task Demo_NoServerConfigured_RunsEverySagaPathAsExpected()
    {
        Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS").Should().BeNullOrEmpty("the demo starts its own server");
        var output = new SignalWriter("\"outcomes\"");
        var errors = new SignalWriter("saga console");
        using var stop = new CancellationTokenSource();

        // --keep: once the sagas ran, the demo serves the saga console and says where, until cancelled (Ctrl+C).
        var run = StarterCli.RunAsync(
            ["demo", "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString(), "--keep", "--console-port", "0", "--json"],
            new CliConsole(output, errors),
            cancellationToken: stop.Token);
        (await Task.WhenAny(run, errors.Seen)).Should().Be(errors.Seen, $"the demo keeps running with --keep: {output}{errors}");
        var consoleUrl = Regex.Match(await errors.Seen, @"saga console (http://\S+),").Groups[1].Value;
        using (var http = new HttpClient())
        {
            var meta = await http.GetFromJsonAsync<JsonElement>($"{consoleUrl}/api/meta");
            meta.GetProperty("sagaTypes").EnumerateArray().Select(t => t.GetString()).Should().Contain("FlightBooking");
        }

        stop.Cancel();
        var exit = await run;

        exit.Should().Be(ExitCodes.Success, output.ToString() + errors);
        using var json = JsonDocument.Parse(output.ToString());
        json.RootElement.GetProperty("console").GetString().Should().Be(consoleUrl);
        var outcomes = json.RootElement.GetProperty("outcomes").EnumerateArray().ToList();
        json.RootElement.GetProperty("violations").EnumerateArray().Should().BeEmpty("starter verify is clean after the demo");
        // Every module's own scenarios, in the demo's order, each ending in the status its module expects: a new saga's
        // scenarios are checked without editing this test.
        var expected = SagaCliModules.All.SelectMany(m => m.DemoScenarios()).ToList();
        expected.Should().HaveCountGreaterThan(SagaCliModules.All.Count, "each domain runs more than one path");
        outcomes.Select(o => (o.GetProperty("scenario").GetString(), o.GetProperty("status").GetString())).Should().Equal(
            expected.Select(e => ((string?)e.Name, (string?)e.Expected.ToString())));
        outcomes.Should().OnlyContain(o => o.GetProperty("asExpected").GetBoolean());

        // The paths that exercise the engine's harder corners, by name.
        Outcome("sync reschedule: local update refused, restore fails → review → retried").GetProperty("reviewResolved").GetBoolean()
            .Should().BeTrue("the appointment sync's failed restore is retried by the demo's review");
        Outcome("CONFIRM_BOOKING: simulated failure").GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should().Equal(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        var review = Outcome("refund fails → manual review → retried");
        review.GetProperty("reviewResolved").GetBoolean().Should().BeTrue();
        review.GetProperty("reviewAnswer").GetString().Should().StartWith("retrying");
        Outcome("cancelled while paying").GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should()
            .Contain("COMPENSATE_PROCESS_PAYMENT", "the charge made after the cancel arrived is refunded");

        JsonElement Outcome(string scenario) => outcomes.Should().ContainSingle(o => o.GetProperty("scenario").GetString() == scenario).Subject;
    }
}
