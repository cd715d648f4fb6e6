using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Starter;

/// <summary>
/// Bad input through the CLI, one table across the sagas and the classes a user or a script runs into: ids only the
/// data can check, empty or unbounded fields, times without a zone, numbers out of range (-1, NaN, Infinity), a
/// database path that is not a database, control characters. Each exits 2 with INVALID_INPUT naming the option, no
/// stack trace and no raw control character in the message, starts no workflow (visibility read once it has caught
/// up) and changes no row.
/// </summary>
[Collection(DevServerCollection.Name)]
public class CliBadInputTests(DevServerFixture fixture)
{
    private static readonly string Huge = new('n', 10_000);
    private static readonly string NotADatabase = Path.Combine(Path.GetTempPath(), $"not-a-db-{Guid.NewGuid():N}.db");
    private static readonly string AFolder = Path.Combine(Path.GetTempPath(), $"a-folder-{Guid.NewGuid():N}.db");

    private static readonly Dictionary<string, BadCli> Cases = new BadCli[]
    {
        // Ids only the data can check: refused before the workflow starts.
        new("seat zone unknown", ["seats", "reserve", "--zone", "NOPE", "--qty", "1", "--key", "{id}", "--task-queue", "{tq}"], "--zone", "unknown zone 'NOPE'"),
        new("seat qty above the zone's capacity", ["seats", "reserve", "--zone", "VIP", "--qty", "50", "--key", "{id}", "--task-queue", "{tq}"], "--qty", "20 seats in all"),
        new("order SKU unknown", ["order", "fulfill", "--order-id", "{id}", "--item", "NOPE-1:1", "--ship-to", "1 Main St", "--task-queue", "{tq}"], "--item", "unknown SKU 'NOPE-1' (SKUs: "),
        new("appointment staff unknown", [.. Create("--staff", "staff-nobody")], "--staff", "unknown staff member 'staff-nobody'"),
        new("composite staff unknown", ["appointment", "composite", "--id", "{id}", "--email", "a@example.com", "--name", "Ann", "--segment", "staff-ada,2030-03-01T09:00Z,2030-03-01T09:30Z", "--segment", "staff-nobody,2030-03-01T09:30Z,2030-03-01T10:00Z", "--task-queue", "{tq}"], "--segment", "unknown staff member 'staff-nobody'"),
        new("appointment to sync unknown", ["appointment", "sync", "{id}", "--action", "cancel", "--task-queue", "{tq}"], "appointment-id", "no appointment"),
        new("flight unknown", [.. Book("--flight", "XX999")], "--flight", "unknown flight 'XX999'"),
        new("flight user unknown", [.. Book("--user", "nobody-here")], "--user", "no account for user 'nobody-here'"),

        // Empty or unbounded fields, a time without its zone.
        new("appointment name of 10,000 characters", [.. Create("--name", Huge)], "--name", "at most 200 characters"),
        new("appointment email empty", [.. Create("--email", "")], "--email", "customer email"),
        new("appointment start without a zone", [.. Create("--start", "2030-03-01T09:00")], "--start", "must name its zone"),
        new("appointment start not a time", [.. Create("--start", "tomorrow-ish")], "--start", "ISO 8601"),
        new("sync reason of 10,000 characters", ["appointment", "sync", "{id}", "--action", "cancel", "--reason", Huge, "--task-queue", "{tq}"], "--reason", "at most 500"),
        new("sync new start without a zone", ["appointment", "sync", "{id}", "--action", "reschedule", "--new-start", "2030-03-01T09:00", "--task-queue", "{tq}"], "--new-start", "must name its zone"),
        new("order address of 10,000 characters", ["order", "fulfill", "--item", "BAND-10:1", "--ship-to", Huge, "--task-queue", "{tq}"], "--ship-to", "at most 500"),
        new("order transient fault at an unknown step", ["order", "fulfill", "--item", "BAND-10:1", "--ship-to", "1 Main St", "--transient-at", "SHIP", "--task-queue", "{tq}"], "--transient-at", "unknown step 'SHIP' (steps: CREATE_ORDER"),
        new("order address empty", ["order", "fulfill", "--item", "BAND-10:1", "--ship-to", " ", "--task-queue", "{tq}"], "--ship-to", "shipping address is required"),
        new("seat key empty", ["seats", "reserve", "--zone", "VIP", "--qty", "1", "--key", "", "--task-queue", "{tq}"], "--key", "key must be 1-64"),
        new("review operator of 10,000 characters", ["review", "resolve", "flight-booking-x", "--action", "resolved", "--operator", Huge], "--operator", "longer than 64"),

        // Numbers: -1, NaN, Infinity, each refused naming its option.
        new("order list older than -1 hours", ["order", "list", "--older-than-hours", "-1"], "--older-than-hours", "between 0 and 87600"),
        new("order list older than NaN hours", ["order", "list", "--older-than-hours", "NaN"], "--older-than-hours", "--older-than-hours must be"),
        new("order list older than Infinity hours", ["order", "list", "--older-than-hours", "Infinity"], "--older-than-hours", "--older-than-hours must be"),
        new("sync retry delay NaN", ["appointment", "sync", "{id}", "--action", "cancel", "--retry-delay-seconds", "NaN", "--task-queue", "{tq}"], "--retry-delay-seconds", "--retry-delay-seconds must be"),
        new("sync retry delay -1", ["appointment", "sync", "{id}", "--action", "cancel", "--retry-delay-seconds", "-1", "--task-queue", "{tq}"], "--retry-delay-seconds", "between 1 and 3600"),
        new("sync max retries -1", ["appointment", "sync", "{id}", "--action", "cancel", "--max-retries", "-1", "--task-queue", "{tq}"], "--max-retries", "max local retries"),
        new("seat slow payment NaN", ["seats", "confirm", "{id}", "--slow-payment", "NaN"], "--slow-payment", "finite number"),
        new("seat slow payment -1", ["seats", "confirm", "{id}", "--slow-payment", "-1"], "--slow-payment", "--slow-payment: slow seconds"),
        new("seat payment timeout -1", ["seats", "confirm", "{id}", "--payment-timeout", "-1"], "--payment-timeout", "payment timeout"),
        new("flight slow seconds Infinity", [.. Book("--slow-at", "PROCESS_PAYMENT", "--slow-seconds", "Infinity")], "--slow-seconds", "finite number"),
        new("flight passengers -1", [.. Book("--passengers", "-1")], "--passengers", "--passengers"),
        new("flight fare NaN", [.. Book("--fare", "NaN")], "--fare", "NaN"),
        new("appointment length -1", [.. Create("--length", "-1")], "--length", "length must be"),
        new("saga list limit -1", ["saga", "list", "--limit", "-1"], "--limit", "between 1 and 1000"),
        new("demo port -1", ["demo", "--port", "-1"], "--port", "between 1 and 65535"),

        // A database path that is not a database.
        new("database file not a database", ["seats", "zones"], "ConnectionStrings:Sagas", "not a usable SQLite database", Database: NotADatabase),
        new("database path a folder", [.. Book()], "ConnectionStrings:Sagas", "not a usable SQLite database", Database: AFolder),

        // Control characters are shown escaped, never raw.
        new("seat zone with an escape sequence", ["seats", "reserve", "--zone", "VIP\u001b[2J", "--qty", "1", "--key", "{id}", "--task-queue", "{tq}"], "--zone", "\\u001b[2J"),
        new("flight id with CR LF", [.. Book("--flight", "TS1\r\nerror: forged")], "--flight", "\\r\\n"),
        new("saga id with an escape sequence", ["saga", "status", "x\u001b]0;title\u0007"], "id", "printable characters"),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Names() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Cli_BadInput_Exit2NamingTheOptionStartingAndWritingNothing(string name)
    {
        var bad = Cases[name];
        var harness = new CliHarness(fixture);
        var id = new string([.. harness.Id(name).Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').Take(40)]);
        var taskQueue = $"cli-bad-{Guid.NewGuid():N}";
        var args = bad.Args.Select(a => a.Replace("{id}", id, StringComparison.Ordinal).Replace("{tq}", taskQueue, StringComparison.Ordinal));
        var overrides = bad.Database is { } path ? CliHarness.Database($"Data Source={Prepare(path)}") : null;
        var before = await DatabaseFingerprint.OfAsync(fixture.Db);
        var since = DateTime.UtcNow;

        var run = await harness.RunAsync([.. args, "--json", .. harness.Server()], overrides);

        run.Exit.Should().Be(ExitCodes.BadInput, run.Output + run.Errors);
        var error = run.JsonError();
        error.GetProperty("type").GetString().Should().Be(CliErrorTypes.InvalidInput);
        error.GetProperty("option").GetString().Should().Be(bad.Option);
        var message = error.GetProperty("message").GetString()!;
        message.Should().Contain(bad.Expected).And.NotContain("   at ", "no stack trace").And.NotContain("Exception:");
        message.Any(char.IsControl).Should().BeFalse("control characters are escaped: {0}", message);
        (run.Output + run.Errors).Any(c => c is '\u001b' or '\r' or '\u0007').Should().BeFalse("nothing raw reaches the terminal");
        (await StartedWorkflows.SinceAsync(fixture.Client, since)).Should().BeEmpty("bad input starts nothing");
        (await DatabaseFingerprint.OfAsync(fixture.Db)).Should().Be(before, "bad input writes nothing");
    }

    [Fact]
    public async Task Cli_ValidReserve_IsSeenByTheSameChecks()
    {
        // The control for the table: the same visibility and row checks see what a valid command starts and writes.
        var harness = new CliHarness(fixture);
        var before = await DatabaseFingerprint.OfAsync(fixture.Db);
        var since = DateTime.UtcNow;

        var run = await harness.RunAsync(["seats", "reserve", "--zone", "FLOOR", "--qty", "1", "--key", harness.Id("control"), "--task-queue", fixture.TaskQueue, "--json", .. harness.Server()]);
        await harness.RunAsync(["seats", "release", harness.Id("control"), .. harness.Server()]);

        run.Exit.Should().Be(ExitCodes.Success, run.Output + run.Errors);
        (await StartedWorkflows.SinceAsync(fixture.Client, since)).Should().ContainSingle();
        (await DatabaseFingerprint.OfAsync(fixture.Db)).Should().NotBe(before);
    }

    private static string[] Create(params string[] overrides) => With(
        ["appointment", "create", "--id", "{id}", "--email", "a@example.com", "--name", "Ann", "--start", "2030-03-01T09:00Z", "--task-queue", "{tq}"], overrides);

    private static string[] Book(params string[] overrides) => With(
        ["flight", "book", "--flight", "TS100", "--user", "alice", "--passengers", "1", "--fare", "100", "--id", "{id}", "--task-queue", "{tq}"], overrides);

    private static string[] With(string[] args, string[] overrides)
    {
        for (var i = 0; i < overrides.Length; i += 2)
        {
            args = CliHarness.With(args, overrides[i], overrides[i + 1]);
        }

        return args;
    }

    private static string Prepare(string path)
    {
        if (path == AFolder)
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            File.WriteAllText(path, "this is not a database\n");
        }

        return path;
    }

    private sealed record BadCli(string Name, string[] Args, string Option, string Expected, string? Database = null);
}
