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
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        int exit;
        try
        {
            exit = await StarterCli.RunAsync(["demo", "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString(), "--json"]);
        }
        finally
        {
            Console.SetOut(original);
        }

        exit.Should().Be(ExitCodes.Success, output.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var outcomes = json.RootElement.GetProperty("outcomes").EnumerateArray().ToList();
        outcomes.Should().HaveCount(7);
        outcomes.Should().OnlyContain(o => o.GetProperty("asExpected").GetBoolean());
        outcomes.Select(o => o.GetProperty("status").GetString()).Should().Equal(
            "Completed", "Compensated", "Compensated", "Compensated", "Compensated", "Completed", "Compensated");
        outcomes[4].GetProperty("compensations").EnumerateArray().Select(c => c.GetString()).Should().Equal(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        outcomes[6].GetProperty("reviewResolved").GetBoolean().Should().BeTrue();
    }
}
