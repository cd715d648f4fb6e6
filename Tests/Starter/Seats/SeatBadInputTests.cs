using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Client;
using TemporalSagas.Client.Seats;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Tests.Starter.Seats;

/// <summary>
/// Malformed input, one table: through the CLI (exit 2, INVALID_INPUT, the option's own message), as workflow input
/// sent straight to the server (the workflow fails INVALID_INPUT before any step) and as a Confirm update (rejected by
/// its validator). Every case asserts its specific message and that no seat, hold or payment was written.
/// </summary>
[Collection(DevServerCollection.Name)]
public class SeatBadInputTests(DevServerFixture fixture)
{
    private static readonly string LongKey = new('k', 65);

    private static readonly Dictionary<string, BadInput> Cases = new BadInput[]
    {
        Cli("cli qty zero", ["--qty", "0"], "quantity must be between 1 and 100 (got 0)"),
        Cli("cli qty negative", ["--qty", "-5"], "quantity must be between 1 and 100 (got -5)"),
        Cli("cli qty over the maximum", ["--qty", "101"], "quantity must be between 1 and 100 (got 101)"),
        Cli("cli qty not a number", ["--qty", "abc"], "abc"),
        Cli("cli qty overflowing int", ["--qty", "99999999999"], "99999999999"),
        Cli("cli qty fractional", ["--qty", "1.5"], "1.5"),
        Cli("cli key empty", ["--key", ""], "key must be 1-64"),
        Cli("cli key oversized", ["--key", LongKey], "key must be 1-64"),
        Cli("cli key with spaces", ["--key", "bad key!"], "key must be 1-64"),
        Cli("cli key not ascii", ["--key", "ключ"], "key must be 1-64"),
        Cli("cli zone empty", ["--zone", ""], "zone must be 1-32"),
        Cli("cli zone oversized", ["--zone", new string('Z', 33)], "zone must be 1-32"),
        Cli("cli zone with spaces", ["--zone", "fl oor"], "zone must be 1-32"),
        Cli("cli zone unknown", ["--zone", "NOPE"], "unknown zone 'NOPE'"),
        Cli("cli qty above the zone's capacity", ["--zone", SeatDemoData.Vip, "--qty", "50"], "zone VIP has 20 seats in all"),
        Cli("cli ttl zero", ["--ttl", "0s"], "--ttl must look like"),
        Cli("cli ttl too long", ["--ttl", "25h"], "ttl must be between"),
        Cli("cli ttl garbage", ["--ttl", "banana"], "--ttl must look like"),
        Cli("cli ttl negative", ["--ttl", "-5m"], "--ttl must look like"),
        Cli("cli faults malformed json", ["--faults", "{bad"], "--faults is not a valid fault plan"),
        Cli("cli faults json array", ["--faults", "[1,2]"], "--faults is not a valid fault plan"),
        Cli("cli faults wrong type", ["--faults", "{\"transientFailures\":\"x\"}"], "--faults is not a valid fault plan"),
        Cli("cli faults unknown step", ["--faults", "{\"failAt\":\"NOPE\"}"], "unknown step 'NOPE'"),
        Cli("cli faults huge count", ["--faults", "{\"transientAt\":\"RESERVE_SEATS\",\"transientFailures\":1000}"], "fault counts must be between 0 and 100"),
        Cli("cli task queue empty", ["--task-queue", " "], "--task-queue must be non-empty"),
        Command("cli zone missing", ["seats", "reserve", "--qty", "1", "--key", "k1"], "--zone"),
        Command("cli key missing", ["seats", "reserve", "--qty", "1", "--zone", "FLOOR"], "--key"),
        Command("cli confirm empty booking", ["seats", "confirm", ""], "booking must be"),
        Command("cli confirm malformed booking", ["seats", "confirm", "bad key!"], "booking: key must be 1-64"),
        Command("cli release oversized booking", ["seats", "release", new string('b', 300)], "booking must be"),
        Command("cli confirm payment timeout zero", ["seats", "confirm", "k1", "--payment-timeout", "0"], "payment timeout must be between 1 and 300"),
        Command("cli confirm payment timeout too long", ["seats", "confirm", "k1", "--payment-timeout", "301"], "payment timeout must be between 1 and 300"),
        Command("cli confirm payment timeout not a number", ["seats", "confirm", "k1", "--payment-timeout", "soon"], "soon"),
        Command("cli confirm payment method empty", ["seats", "confirm", "k1", "--payment-method", ""], "payment method must be 1-64"),
        Command("cli confirm slow payment too slow", ["seats", "confirm", "k1", "--slow-payment", "500"], "slow seconds must be between 0 and 120"),
        Workflow("workflow quantity negative", new("{key}", SeatDemoData.Floor, -1), "quantity must be between 1 and 100 (got -1)"),
        Workflow("workflow quantity int max", new("{key}", SeatDemoData.Floor, int.MaxValue), "quantity must be between 1 and 100"),
        Workflow("workflow key empty", new(string.Empty, SeatDemoData.Floor, 1), "key must be 1-64"),
        Workflow("workflow zone null", new("{key}", null!, 1), "zone must be 1-32"),
        Workflow("workflow zone unknown", new("{key}", "ZZZ", 1), "unknown zone 'ZZZ'"),
        Workflow("workflow ttl thirty days", new("{key}", SeatDemoData.Floor, 1, TimeSpan.FromDays(30)), "ttl must be between"),
        Workflow("workflow faults unknown step", new("{key}", SeatDemoData.Floor, 1, Faults: new FaultPlan(SlowAt: "NAP")), "unknown step 'NAP'"),
        Confirm("confirm payment method empty", new(string.Empty), "payment method must be 1-64"),
        Confirm("confirm payment timeout zero", new("card", 0), "payment timeout must be between 1 and 300"),
        Confirm("confirm faults unknown step", new("card", Faults: new FaultPlan(FailAt: "NOPE")), "unknown step 'NOPE'"),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Fact]
    public void Cases_AtLeastThirtyAcrossCliWorkflowAndUpdate() =>
        Cases.Values.GroupBy(c => c.Kind).Select(g => g.Key).Should().BeEquivalentTo(["cli", "workflow", "confirm"]);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task BadInput_EachCase_SpecificErrorAndNothingWritten(string name)
    {
        var input = Cases[name];
        Cases.Should().HaveCountGreaterThanOrEqualTo(30);
        var before = await WrittenAsync();

        var error = input.Kind switch
        {
            "cli" => await CliErrorAsync(input.Args!),
            "workflow" => await WorkflowErrorAsync(input.Workflow!),
            _ => await ConfirmErrorAsync(input.Payment!),
        };

        error.Should().Contain(input.Expected);
        if (input.Kind != "confirm")
        {
            // A confirm case reserves (and afterwards releases) a booking to confirm: it checks around the confirm itself.
            (await WrittenAsync()).Should().Be(before, "bad input writes nothing");
        }
    }

    private static BadInput Cli(string name, string[] overrides, string expected)
    {
        string[] args = ["seats", "reserve", "--zone", SeatDemoData.Floor, "--qty", "1", "--key", "k1"];
        for (var i = 0; i < overrides.Length; i += 2)
        {
            args = CliHarness.With(args, overrides[i], overrides[i + 1]);
        }

        return new(name, "cli", expected, args);
    }

    private static BadInput Command(string name, string[] args, string expected) => new(name, "cli", expected, args);

    private static BadInput Workflow(string name, SeatReservationInput input, string expected) => new(name, "workflow", expected, Workflow: input);

    private static BadInput Confirm(string name, SeatConfirmation payment, string expected) => new(name, "confirm", expected, Payment: payment);

    private async Task<string> CliErrorAsync(string[] args)
    {
        var harness = new CliHarness(fixture);
        var key = harness.Id("bad");
        var run = await harness.RunAsync([.. args.Select(a => a == "k1" ? key : a), "--json", .. harness.Server(), .. TaskQueue(args)]);
        run.Exit.Should().Be(ExitCodes.BadInput, run.Output + run.Errors);
        var error = run.JsonError();
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.InvalidInput);
        return error.GetProperty("message").GetString()!;
    }

    // The reserve reaches the server only for the checks the workflow makes against the database.
    private string[] TaskQueue(string[] args) =>
        args is ["seats", "reserve", ..] && !args.Contains("--task-queue") ? ["--task-queue", fixture.TaskQueue] : [];

    private async Task<string> WorkflowErrorAsync(SeatReservationInput input)
    {
        var key = $"bad-{Guid.NewGuid():N}";
        if (input.Key == "{key}")
        {
            input = input with { Key = key };
        }

        var handle = await fixture.Client.StartWorkflowAsync(
            (SeatReservationWorkflow wf) => wf.RunAsync(input), new WorkflowOptions(SeatReservationWorkflow.WorkflowId(key), fixture.TaskQueue));
        var failed = await Assert.ThrowsAsync<WorkflowFailedException>(() => handle.GetResultAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        var cause = failed.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
        cause.ErrorType.Should().Be(SagaErrors.InvalidInput);
        (await handle.QueryAsync(wf => wf.GetBooking())).Status.Should().Be(SeatBookingStatus.Rejected);
        return cause.Message;
    }

    private async Task<string> ConfirmErrorAsync(SeatConfirmation payment)
    {
        var booking = await SeatReservationClient.ReserveAsync(
            fixture.Client, new($"bad-{Guid.NewGuid():N}", SeatDemoData.Floor, 1), fixture.TaskQueue);
        booking.Status.Should().Be(SeatBookingStatus.Held);
        var before = await WrittenAsync();
        try
        {
            var refused = await Assert.ThrowsAsync<SeatReservationException>(
                () => SeatReservationClient.ConfirmAsync(fixture.Client, booking.BookingId, payment));
            refused.ErrorType.Should().Be(SagaErrors.InvalidInput);
            (await SeatReservationClient.GetAsync(fixture.Client, booking.BookingId)).Status.Should().Be(SeatBookingStatus.Held, "a refused confirm changes nothing");
            (await WrittenAsync()).Should().Be(before, "a refused confirm writes nothing");
            return refused.Message;
        }
        finally
        {
            await SeatReservationClient.ReleaseAsync(fixture.Client, booking.BookingId);
        }
    }

    // Holds (and their status), payments and free seats: any write by a bad input changes this.
    private async Task<string> WrittenAsync()
    {
        await using var db = fixture.Db();
        var holds = await db.SeatReservations().CountAsync(r => r.Status != SeatReservation.Released);
        var rows = await db.SeatReservations().CountAsync();
        var payments = await db.SeatPayments().CountAsync();
        var free = await db.SeatZones().SumAsync(z => z.Available);
        return $"{rows} reservations ({holds} live), {payments} payments, {free} free seats";
    }

    private sealed record BadInput(
        string Name, string Kind, string Expected, string[]? Args = null, SeatReservationInput? Workflow = null, SeatConfirmation? Payment = null);
}
