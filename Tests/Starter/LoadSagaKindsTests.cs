using System.Text.Json;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Starter;

/// <summary>
/// `starter load --saga KIND` and `--open N` in process: a few sagas of each kind on the shared dev server, each run
/// with its own task queue (so only its own in-process worker, with its own fresh database, serves it). What they
/// count and how the sagas ended, never how fast.
/// </summary>
[Collection(DevServerCollection.Name)] // one dev server at a time on a 2-core machine
public sealed class LoadSagaKindsTests(DevServerFixture fixture)
{
    [Theory]
    [InlineData("order", null, new string[0])]
    [InlineData("order", "INITIATE_SHIPMENT", new[] { "COMPENSATE_CREATE_ORDER", "COMPENSATE_RESERVE_INVENTORY" })]
    [InlineData("seat", null, new string[0])]
    [InlineData("seat", "CHARGE_PAYMENT", new[] { "COMPENSATE_RESERVE_SEATS" })]
    [InlineData("seat", "confirm-reservation", new[] { "COMPENSATE_CHARGE_PAYMENT", "COMPENSATE_RESERVE_SEATS" })]
    [InlineData("appointment", null, new string[0])]
    [InlineData("appointment", "CREATE_LOCAL_APPOINTMENT", new[] { "COMPENSATE_CREATE_CALCOM_BOOKING" })]
    [InlineData("composite", null, new string[0])]
    [InlineData("composite", "BOOK_SEGMENT_2", new[] { "COMPENSATE_BOOK_SEGMENT_1" })]
    public async Task Load_SagaKind_InProcessWorker_EndsEverySagaAsExpected(string saga, string? failAt, string[] compensations)
    {
        var queue = $"load-{saga}-{Guid.NewGuid():N}";
        string[] args = ["load", "--saga", saga, "--count", "4", "--concurrency", "2", "--warmup", "1", "--json", .. Target(queue)];
        if (failAt is not null)
        {
            args = [.. args, "--fail-at", failAt];
        }

        var (exit, output, _) = await LoadCli.RunAsync(args);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("saga").GetString().Should().StartWith(saga);
        report.GetProperty("worker").GetString().Should().Be("in process");
        report.GetProperty("completed").GetInt32().Should().Be(4, "every measured saga ended as expected");
        report.GetProperty("errors").EnumerateObject().Should().BeEmpty();
        report.GetProperty("latencyMs").GetProperty("p50").GetDouble().Should().BePositive();
        var compensated = report.GetProperty("compensationMs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("count").GetInt32());
        compensated.Keys.Should().BeEquivalentTo(compensations);
        compensated.Where(c => c.Value != 4).Should().BeEmpty("each measured saga compensated each earlier step once");

        // The warm-up saga and the measured ones, all closed on this run's own task queue.
        await SagaPolling.WaitForCountAsync(fixture.Client, $"TaskQueue = '{queue}' AND ExecutionStatus = 'Completed'", 5, TimeSpan.FromSeconds(30));
        (await fixture.Client.CountWorkflowsAsync($"TaskQueue = '{queue}' AND ExecutionStatus = 'Running'")).Count.Should().Be(0);
    }

    [Theory]
    [InlineData("order", null, new string[0])]
    [InlineData("order", "reserve-inventory", new[] { "COMPENSATE_CREATE_ORDER" })]
    [InlineData("seat", null, new string[0])]
    [InlineData("seat", "CONFIRM_RESERVATION", new[] { "COMPENSATE_CHARGE_PAYMENT", "COMPENSATE_RESERVE_SEATS" })]
    [InlineData("appointment", null, new string[0])]
    [InlineData("appointment", "CREATE_LOCAL_APPOINTMENT", new[] { "COMPENSATE_CREATE_CALCOM_BOOKING" })]
    [InlineData("composite", null, new string[0])]
    [InlineData("composite", "CREATE_COMPOSITE_APPOINTMENT", new[] { "COMPENSATE_BOOK_SEGMENT_1", "COMPENSATE_BOOK_SEGMENT_2" })]
    public async Task LoadBaseline_SagaKind_RunsTheStepsInProcessAndUndoesInReverse(string saga, string? failAt, string[] compensations)
    {
        string[] args = ["load", "--saga", saga, "--baseline", "--count", "4", "--concurrency", "2", "--warmup", "1", "--json"];
        var (exit, output, _) = await LoadCli.RunAsync(failAt is null ? args : [.. args, "--fail-at", failAt]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("mode").GetString().Should().Be("baseline");
        report.GetProperty("saga").GetString().Should().StartWith(saga);
        report.GetProperty("completed").GetInt32().Should().Be(4);
        report.GetProperty("errors").EnumerateObject().Should().BeEmpty();
        report.GetProperty("compensationMs").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(compensations);
    }

    [Fact]
    public async Task Load_OrdersWithExternalWorker_UseItsSeededStockAndSayNothingWasToppedUp()
    {
        var (exit, output, error) = await LoadCli.RunAsync(
            ["load", "--saga", "order", "--count", "3", "--concurrency", "3", "--warmup", "0", "--json",
             "--address", fixture.Client.Connection.Options.TargetHost!, "--external-worker", "--task-queue", fixture.TaskQueue]);

        exit.Should().Be(ExitCodes.Success, output + error);
        error.Should().Contain("no top-up");
        using var json = JsonDocument.Parse(output);
        json.RootElement.GetProperty("completed").GetInt32().Should().Be(3);
        json.RootElement.GetProperty("worker").GetString().Should().StartWith("external");
        await using var db = fixture.Db();
        db.InventoryItems().Any(i => i.Sku == "LOAD-ITEM").Should().BeFalse("an external worker's database is left as it is");
    }

    [Fact]
    public async Task LoadOpen_TwentySeatHolds_ReportsThemOpenThenReleasesEveryOne()
    {
        var queue = $"load-open-{Guid.NewGuid():N}";

        var (exit, output, _) = await LoadCli.RunAsync(["load", "--saga", "seat", "--open", "20", "--concurrency", "5", "--json", .. Target(queue)]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("mode").GetString().Should().Be("open");
        report.GetProperty("requested").GetInt32().Should().Be(20);
        report.GetProperty("openSagas").GetInt32().Should().Be(20, "every hold answered Held before the memory was read");
        report.GetProperty("released").GetInt32().Should().Be(20, "every hold closed as released");
        report.GetProperty("errors").EnumerateObject().Should().BeEmpty();
        report.GetProperty("workingSetMbWithOpenSagas").GetDouble().Should().BeGreaterThan(report.GetProperty("managedHeapMb").GetDouble());
        report.GetProperty("managedHeapMb").GetDouble().Should().BePositive();
        report.GetProperty("devServerRssMb").ValueKind.Should().Be(JsonValueKind.Null, "this run did not start the server");

        // 20 measured + the warm-up's 10, every one closed: none left holding a seat.
        await SagaPolling.WaitForCountAsync(
            fixture.Client, $"TaskQueue = '{queue}' AND SagaStatus = 'Compensated' AND ExecutionStatus = 'Completed'", 30, TimeSpan.FromSeconds(30));
        (await fixture.Client.CountWorkflowsAsync($"TaskQueue = '{queue}' AND ExecutionStatus = 'Running'")).Count.Should().Be(0);
    }

    [Fact]
    public async Task LoadOpen_OrdersOnItsOwnDevServer_WaitForThePharmacistThenCloseRejected()
    {
        var (exit, output, _) = await LoadCli.RunAsync(
            ["load", "--saga", "order", "--open", "3", "--concurrency", "3", "--json",
             "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString()]);

        exit.Should().Be(ExitCodes.Success, output);
        using var json = JsonDocument.Parse(output);
        var report = json.RootElement;
        report.GetProperty("saga").GetString().Should().StartWith("order");
        report.GetProperty("openSagas").GetInt32().Should().Be(3);
        report.GetProperty("released").GetInt32().Should().Be(3);
        report.GetProperty("errors").EnumerateObject().Should().BeEmpty();
        report.GetProperty("devServerRssMb").GetDouble().Should().BePositive("this run started the dev server");
    }

    [Theory]
    [InlineData("--saga", "flight, order, seat, appointment, composite", "load", "--saga", "no-such-saga")]
    [InlineData("--fail-at", "steps: RESERVE_SEATS, CHARGE_PAYMENT, CONFIRM_RESERVATION", "load", "--saga", "seat", "--fail-at", "RESERVE_SEAT")]
    [InlineData("--fail-at", "steps: CREATE_ORDER, RESERVE_INVENTORY, INITIATE_SHIPMENT", "load", "--saga", "order", "--fail-at", "CREATE_PRESCRIPTION")]
    [InlineData("--open", "available for: order, seat", "load", "--saga", "appointment", "--open", "5")]
    [InlineData("--open", "between 1 and 20000", "load", "--saga", "seat", "--open", "0")]
    [InlineData("--open", "between 1 and 20000", "load", "--saga", "seat", "--open", "20001")]
    [InlineData("--open", "cannot be combined with --fail-at", "load", "--saga", "seat", "--open", "5", "--fail-at", "CHARGE_PAYMENT")]
    [InlineData("--local-steps", "available for: flight", "load", "--saga", "seat", "--local-steps")]
    [InlineData("--compare-floor", "cannot be combined with --fail-at", "load", "--compare-floor", "--fail-at", "RESERVE_SEAT")]
    [InlineData("--compare-floor", "cannot be combined with --external-worker", "load", "--compare-floor", "--external-worker")]
    [InlineData("--compare-floor", "cannot be combined with --compare-baseline", "load", "--compare-floor", "--compare-baseline")]
    public async Task Load_BadSagaInput_ExitsTwoNamingTheOptionAndTheValidChoices(string option, string names, params string[] args)
    {
        var (exit, output, error) = await LoadCli.RunAsync(args);

        exit.Should().Be(ExitCodes.BadInput, output + error);
        error.Trim().Should().StartWith($"error: {option}").And.Contain(names).And.NotContain("\n");
        output.Should().BeEmpty("nothing ran");
    }

    private string[] Target(string queue) =>
        ["--address", fixture.Client.Connection.Options.TargetHost!, "--task-queue", queue];
}

/// <summary>Runs the Starter CLI in process, capturing what it writes.</summary>
internal static class LoadCli
{
    // The CLI's own writers, not Console.SetOut: a process-wide stdout would take in what tests beside these print.
    public static async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await StarterCli.RunAsync(args, new CliConsole(output, error));
        return (exit, output.ToString(), error.ToString());
    }
}
