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
        outcomes.Should().HaveCount(17);
        outcomes.Should().OnlyContain(o => o.GetProperty("asExpected").GetBoolean());
        outcomes.Select(o => o.GetProperty("status").GetString()).Should().Equal(
            "Completed", "Compensated", "Compensated", "Compensated", "Completed", // appointments (AppointmentsCli sorts first)
            "Completed", "Compensated", "Compensated", "Compensated", "Compensated", "Completed", "Compensated", "Cancelled", // flights
            "Completed", "Compensated", // orders
            "Completed", "Compensated"); // seats
        outcomes[3].GetProperty("reviewResolved").GetBoolean().Should().BeTrue("the appointment sync's failed restore is retried by the demo's review");
        outcomes[9].GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should().Equal(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        outcomes[11].GetProperty("reviewResolved").GetBoolean().Should().BeTrue();
        outcomes[11].GetProperty("reviewAnswer").GetString().Should().StartWith("retrying");
        outcomes[12].GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should()
            .Contain("COMPENSATE_PROCESS_PAYMENT", "the charge made after the cancel arrived is refunded");
    }
}
