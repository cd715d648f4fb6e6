using System.Text.Json;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Starter;

/// <summary>`starter load` in process: small runs that check what it counts, never how fast it was.</summary>
[Collection(DevServerCollection.Name)] // one dev server at a time on a 2-core machine
public sealed class LoadCommandTests(DevServerFixture fixture)
{
    [Fact]
    public async Task Load_OwnDevServerAndWorker_CompletesEverySagaAndReportsLatency()
    {
        Environment.GetEnvironmentVariable("TEMPORAL_ADDRESS").Should().BeNullOrEmpty("load starts its own server");

        var (exit, output, _) = await RunAsync(
            ["load", "--count", "5", "--concurrency", "2", "--warmup", "1", "--json",
             "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString()]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("mode").GetString().Should().Be("temporal");
        report.GetProperty("completed").GetInt32().Should().Be(5);
        report.GetProperty("errors").EnumerateObject().Should().BeEmpty();
        report.GetProperty("latencyMs").GetProperty("p50").GetDouble().Should().BePositive();
        report.GetProperty("throughputPerSecond").GetDouble().Should().BePositive();
        report.GetProperty("devServerCpuMsPerSaga").ValueKind.Should().Be(JsonValueKind.Number, "this run started the dev server");
    }

    [Fact]
    public async Task Load_FailAtWithExternalWorker_CompensatesEverySagaAndTimesEachCompensation()
    {
        var (exit, output, _) = await RunAsync(
            ["load", "--count", "3", "--concurrency", "3", "--warmup", "0", "--fail-at", "CONFIRM_BOOKING", "--json",
             "--address", fixture.Client.Connection.Options.TargetHost!, "--external-worker", "--task-queue", fixture.TaskQueue]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("completed").GetInt32().Should().Be(3);
        report.GetProperty("devServerCpuMsPerSaga").ValueKind.Should().Be(JsonValueKind.Null, "this run did not start the server");
        var compensations = report.GetProperty("compensationMs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
        compensations.Keys.Should().BeEquivalentTo(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        compensations.Values.Should().OnlyContain(c => c.GetProperty("count").GetInt32() == 3);
    }

    /// <summary>The smoke run of the floor comparison (bench/compare-floor.sh runs it for figures): both sides complete on
    /// one dev server, and the floor's history is the bare four-activity shape, so every event the saga has beyond it shows.</summary>
    [Fact]
    public async Task Load_CompareFloor_RunsTheSagaThenTheBareSdkAndComparesTheirHistories()
    {
        var (exit, output, _) = await RunAsync(
            ["load", "--compare-floor", "--count", "3", "--concurrency", "2", "--warmup", "1", "--json",
             "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString()]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        root.GetProperty("saga").GetProperty("completed").GetInt32().Should().Be(3);
        root.GetProperty("floor").GetProperty("completed").GetInt32().Should().Be(3);
        root.GetProperty("floor").GetProperty("mode").GetString().Should().Be("floor");
        var floor = root.GetProperty("floorHistory");
        floor.GetProperty("events").GetInt32().Should().Be(29, "started, 5 workflow tasks of 3 events, 4 activities of 3, completed");
        floor.GetProperty("activityTasks").GetInt32().Should().Be(4);
        floor.GetProperty("markers").GetInt32().Should().Be(0);
        floor.GetProperty("upserts").GetInt32().Should().Be(0);
        var saga = root.GetProperty("sagaHistory");
        saga.GetProperty("activityTasks").GetInt32().Should().Be(4, "the flight's four steps are regular activities");
        saga.GetProperty("markers").GetInt32().Should().Be(1, "the patch marker of flight-check-on-first-step; the data check rides on RESERVE_SEAT, no local activity");
        saga.GetProperty("upserts").GetInt32().Should().Be(2, "the SDK's TemporalChangeVersion upsert for the patch, and the final SagaStatus");
        saga.GetProperty("events").GetInt32().Should().Be(32, "the floor's 29, the patch marker and the two upserts");
        saga.GetProperty("payloadBytes").GetInt64().Should().BeGreaterThan(floor.GetProperty("payloadBytes").GetInt64());
        foreach (var ratio in new[] { "throughputRatio", "p50Ratio", "devServerCpuRatio", "processCpuRatio" })
        {
            root.GetProperty(ratio).GetDouble().Should().BePositive(ratio);
        }
    }

    [Fact]
    public async Task Load_ListSagas_PrintsEveryKindOfEveryModuleAndRunsNothing()
    {
        var (exit, output, _) = await RunAsync(["load", "--list-sagas"]);
        var (jsonExit, json, _) = await RunAsync(["load", "--list-sagas", "--json"]);

        exit.Should().Be(ExitCodes.Success, output);
        jsonExit.Should().Be(ExitCodes.Success, json);
        var kinds = TemporalSagas.Load.LoadSagaKinds.Names.ToList();
        kinds.Should().Contain(["flight", "order", "seat", "appointment", "composite"]);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Should().Equal(kinds);
        JsonSerializer.Deserialize<List<string>>(json).Should().Equal(kinds);
    }

    [Fact]
    public async Task LoadBaseline_HappyPath_CompletesEverySagaWithoutTemporal()
    {
        var (exit, output, _) = await RunAsync(["load", "--baseline", "--count", "5", "--concurrency", "2", "--warmup", "1", "--json"]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("mode").GetString().Should().Be("baseline");
        report.GetProperty("completed").GetInt32().Should().Be(5);
        report.GetProperty("latencyMs").GetProperty("p50").GetDouble().Should().BePositive();
    }

    [Fact]
    public async Task LoadBaseline_FailAtPayment_UndoesTheEarlierStepsInReverse()
    {
        var (exit, output, _) = await RunAsync(
            ["load", "--baseline", "--count", "4", "--concurrency", "2", "--warmup", "0", "--fail-at", "process-payment", "--json"]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("completed").GetInt32().Should().Be(4);
        json.RootElement.GetProperty("compensationMs").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--concurrency", "0")]
    [InlineData("--concurrency", "5001")]
    [InlineData("--fail-at", "NOT_A_STEP")]
    public async Task Load_BadInput_ExitsTwoNamingTheOption(string option, string value)
    {
        var (exit, _, error) = await RunAsync(["load", "--baseline", option, value]);

        exit.Should().Be(ExitCodes.BadInput);
        error.Trim().Should().StartWith($"error: {option}").And.NotContain("\n");
    }

    private static Task<(int Exit, string Output, string Error)> RunAsync(string[] args) => LoadCli.RunAsync(args);
}
