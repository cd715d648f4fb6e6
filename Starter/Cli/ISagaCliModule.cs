using System.CommandLine;
using TemporalSagas.Starter.Demo;

namespace TemporalSagas.Starter.Cli;

/// <summary>
/// One saga domain's side of the CLI: its command group and its demo scenarios. Found by reflection
/// (<see cref="SagaCliModules"/>), so adding a saga touches no list in the CLI or the demo.
/// </summary>
public interface ISagaCliModule
{
    /// <summary>The domain's command group, e.g. <c>flight</c> with <c>flight book</c>.</summary>
    Command CreateCommand(CliContext context);

    /// <summary>The paths of this saga the demo runs, each with the status it must end in.</summary>
    IEnumerable<DemoScenario> DemoScenarios();
}
