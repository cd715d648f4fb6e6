using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Tests.Starter;

/// <summary>What the CLI says when a user asks for help, types nothing, or mistypes: no server needed.</summary>
public class StarterHelpTests
{
    [Fact]
    public async Task Help_OfAGroup_NamesTheCliStarterAndTheConnectionOptionsOnOneLine()
    {
        var (exit, output, _) = await RunAsync("flight", "book", "--help");

        exit.Should().Be(ExitCodes.Success);
        output.Should().Contain("  starter flight book [options]").And.NotContain("TemporalSagas.Starter");
        output.Should().Contain("--flight <flight> (REQUIRED)").And.Contain("--json");
        output.Split('\n').Where(l => l.TrimStart().StartsWith("--tls", StringComparison.Ordinal)).Should().BeEmpty(
            "the connection options are described once, in starter --help");
        output.Should().Contain("Connection: --address, --namespace, --tls, --tls-ca-path").And.Contain("(see `starter --help`)");
    }

    [Fact]
    public async Task Help_OfTheRoot_DescribesEveryConnectionOption()
    {
        var (exit, output, _) = await RunAsync("--help");

        exit.Should().Be(ExitCodes.Success);
        output.Should().Contain("  starter [command] [options]");
        foreach (var option in new[] { "--address", "--namespace", "--tls ", "--tls-ca-path", "--tls-server-name", "--api-key" })
        {
            output.Should().Contain($"  {option}");
        }

        output.Should().NotContain("Connection:");
    }

    [Fact]
    public async Task NoArguments_ExitsTwoListingTheCommands()
    {
        var (exit, output, errors) = await RunAsync();

        exit.Should().Be(ExitCodes.BadInput);
        output.Should().BeEmpty();
        errors.Should().Contain("Commands:").And.Contain("  demo ");
        errors.TrimEnd().Split('\n')[^1].Should().StartWith("error: starter needs a command: appointment, flight, order, seats, saga, review, demo");
    }

    [Fact]
    public async Task AGroupWithoutItsCommand_WithJson_IsOneErrorNamingItsCommands()
    {
        var (exit, output, errors) = await RunAsync("saga", "--json");

        exit.Should().Be(ExitCodes.BadInput);
        errors.Should().BeEmpty();
        new CliRun(exit, output, string.Empty).JsonError().GetProperty("message").GetString()
            .Should().Be("starter saga needs a command: status, list, history (see `starter saga --help`)");
    }

    [Theory]
    [InlineData(new[] { "sag", "list" }, "'sag'. Did you mean 'saga'?")]
    [InlineData(new[] { "saga", "lst" }, "'lst'. Did you mean 'list'?")]
    [InlineData(new[] { "flight", "book", "--flihgt", "TS100" }, "'--flihgt'. Did you mean '--flight'?")]
    [InlineData(new[] { "reveiw", "list" }, "Did you mean 'review'?")]
    [InlineData(new[] { "saga", "lsit" }, "'lsit'. Did you mean 'list'?")]
    [InlineData(new[] { "sgaa", "list" }, "'sgaa'. Did you mean 'saga'?")]
    public async Task Typo_IsAnsweredWithTheNearestName(string[] args, string expected)
    {
        var (exit, _, errors) = await RunAsync(args);

        exit.Should().Be(ExitCodes.BadInput);
        errors.Should().Contain(expected);
    }

    [Fact]
    public async Task FarFromEveryName_GetsNoSuggestion()
    {
        var (exit, _, errors) = await RunAsync("cruise", "book");

        exit.Should().Be(ExitCodes.BadInput);
        errors.Should().Contain("'cruise'").And.NotContain("Did you mean");
    }

    private static async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await StarterCli.RunAsync(args, new CliConsole(output, errors));
        return (exit, output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal), errors.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
    }
}
