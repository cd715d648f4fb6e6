using System.Text.Json;
using Microsoft.Extensions.Configuration;
using TemporalSagas.Activities.Data;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.EndToEnd;

namespace TemporalSagas.Tests.Starter;

/// <summary>One CLI run's exit code and what it wrote to stdout and stderr.</summary>
public sealed record CliRun(int Exit, string Output, string Errors)
{
    /// <summary>The <c>error</c> object of the one JSON document a --json run printed.</summary>
    public JsonElement JsonError()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.GetProperty("error").Clone();
    }
}

/// <summary>
/// Runs the CLI in-process against the end-to-end dev server and worker, with writers and configuration of its own:
/// no process-wide stdout or environment changes, so tests can run beside others.
/// </summary>
public sealed class CliHarness(DevServerFixture fixture)
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public DevServerFixture Fixture => fixture;

    public static IConfiguration Database(string connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sagas"] = connectionString }).Build();

    public static IConfiguration Database(DatabaseSettings settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sagas"] = settings.ConnectionString,
            [DatabaseSettings.ProviderSetting] = settings.Provider.ToString(),
        }).Build();

    /// <summary>Runs the CLI with the worker's database (the fixture's), unless <paramref name="overrides"/> says otherwise.</summary>
    public async Task<CliRun> RunAsync(string[] args, IConfiguration? overrides = null, CancellationToken cancellationToken = default)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await StarterCli.RunAsync(
            args, new CliConsole(output, errors), overrides ?? Database(fixture.Database), cancellationToken);
        return new(exit, output.ToString(), errors.ToString());
    }

    public string Id(string name) => $"cli-{run}-{name.TrimStart('-')}";

    public string[] Server() => ["--address", fixture.Client.Connection.Options.TargetHost!, "--namespace", fixture.Client.Options.Namespace];

    /// <summary><paramref name="args"/> with <paramref name="option"/> set to <paramref name="value"/> (replaced or added).</summary>
    public static string[] With(string[] args, string option, string value)
    {
        var list = args.ToList();
        var at = list.IndexOf(option);
        if (at >= 0)
        {
            list[at + 1] = value;
        }
        else
        {
            list.AddRange([option, value]);
        }

        return [.. list];
    }

    public string[] Book(string name) =>
    [
        "flight", "book", "--flight", "TS100", "--user", "alice", "--passengers", "1", "--fare", "100",
        "--id", Id(name), "--task-queue", fixture.TaskQueue, .. Server(),
    ];
}
