using System.CommandLine;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Demo;

namespace TemporalSagas.Starter.Flights;

/// <summary>The flight booking saga's CLI: <c>flight book</c> and its demo scenarios.</summary>
public sealed class FlightsCli : ISagaCliModule
{
    public Command CreateCommand(CliContext context) => new("flight", "Flight booking sagas") { FlightBookCommand.Create(context) };

    public IEnumerable<DemoScenario> DemoScenarios() => FlightDemoScenarios.All();
}
