using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Flights;

namespace TemporalSagas.Tests.Starter;

/// <summary>The CLI's command tree and parse errors: no server needed.</summary>
public class StarterCliParseTests
{
    [Fact]
    public void Build_EverySagaCliModule_AddsItsCommandGroupBesideTheGenericOnes()
    {
        var root = StarterCli.Build(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null), CliContext.WorkerConfiguration(null)));

        SagaCliModules.All.Should().ContainSingle(m => m is FlightsCli);
        var context = new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null), CliContext.WorkerConfiguration(null));
        var domains = SagaCliModules.All.Select(m => m.CreateCommand(context).Name).ToList();
        domains.Should().OnlyHaveUniqueItems().And.HaveCount(SagaCliModules.All.Count);
        root.Subcommands.Select(c => c.Name).Should().BeEquivalentTo(
            [.. domains, "saga", "review", "demo", "load", "serve", "codec-server", "verify"],
            "each domain module adds its own group (found by reflection), beside the generic commands");
    }

    [Fact]
    public async Task RunAsync_UnknownCommandWithJson_IsOneErrorDocumentOnStdout()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await StarterCli.RunAsync(["cruise", "book", "--json"], new CliConsole(output, errors));

        exit.Should().Be(ExitCodes.BadInput);
        errors.ToString().Should().BeEmpty();
        new CliRun(exit, output.ToString(), string.Empty).JsonError().GetProperty("message").GetString()
            .Should().Contain("Unrecognized command or argument 'cruise'");
    }

    [Fact]
    public async Task RunAsync_UnknownCommandWithoutJson_IsOneLineOnStderr()
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        var exit = await StarterCli.RunAsync(["cruise", "book"], new CliConsole(output, errors));

        exit.Should().Be(ExitCodes.BadInput);
        output.ToString().Should().BeEmpty();
        errors.ToString().TrimEnd().Should().StartWith("error: ").And.NotContain("\n");
    }
}
