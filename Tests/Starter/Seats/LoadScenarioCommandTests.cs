using System.Text.Json;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Tests.EndToEnd;

namespace TemporalSagas.Tests.Starter.Seats;

/// <summary><c>starter load --scenario NAME</c>: its own dev server and worker processes, counters as JSON.</summary>
[Collection(DevServerCollection.Name)] // it writes to the process's console, and one dev server at a time
public sealed class LoadScenarioCommandTests
{
    [Fact]
    public async Task LoadScenario_Idempotency_PrintsItsCountersAndExitsZero()
    {
        var (exit, output, error) = await RunAsync(["load", "--scenario", "idempotency", "--count", "4", "--json"]);

        exit.Should().Be(ExitCodes.Success, output + error);
        using var json = JsonDocument.Parse(output);
        var counters = json.RootElement.GetProperty("counters");
        counters.GetProperty("distinct_bookings").GetInt64().Should().Be(1);
        counters.GetProperty("idempotency_hits").GetInt64().Should().Be(4);
        json.RootElement.GetProperty("latenciesMs").GetProperty("reserve").GetProperty("p99").GetDouble().Should().BePositive();
        json.RootElement.GetProperty("violations").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData(new[] { "--scenario", "nope" }, "unknown scenario 'nope'")]
    [InlineData(new[] { "--scenario", "last-seat", "--baseline" }, "cannot be combined with --baseline")]
    [InlineData(new[] { "--scenario", "last-seat", "--count", "0" }, "--count must be between 1 and 5000")]
    public async Task LoadScenario_BadOptions_ExitTwoNamingTheProblem(string[] options, string expected)
    {
        var (exit, output, _) = await RunAsync(["load", .. options, "--json"]);

        exit.Should().Be(ExitCodes.BadInput);
        output.Should().Contain(expected);
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string[] args) => LoadCli.RunAsync(args);
}
