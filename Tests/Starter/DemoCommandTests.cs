using System.Text.Json;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.EndToEnd;
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
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await StarterCli.RunAsync(
            ["demo", "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString(), "--json"],
            new CliConsole(output, errors));

        exit.Should().Be(ExitCodes.Success, output.ToString() + errors);
        using var json = JsonDocument.Parse(output.ToString());
        var outcomes = json.RootElement.GetProperty("outcomes").EnumerateArray().ToList();
        outcomes.Should().HaveCount(12);
        outcomes.Should().OnlyContain(o => o.GetProperty("asExpected").GetBoolean());
        outcomes.Select(o => o.GetProperty("status").GetString()).Should().Equal(
            "Completed", "Compensated", "Compensated", "Compensated", "Compensated", "Completed", "Compensated", "Cancelled", "Completed", "Compensated", "Completed", "Compensated");
        outcomes[4].GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should().Equal(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        outcomes[6].GetProperty("reviewResolved").GetBoolean().Should().BeTrue();
        outcomes[6].GetProperty("reviewAnswer").GetString().Should().StartWith("retrying");
        outcomes[7].GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should()
            .Contain("COMPENSATE_PROCESS_PAYMENT", "the charge made after the cancel arrived is refunded");
    }
}
