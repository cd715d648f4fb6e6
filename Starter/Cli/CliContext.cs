using Microsoft.Extensions.Configuration;
using TemporalSagas.Client.Checks;

namespace TemporalSagas.Starter.Cli;

/// <summary>What every command of one CLI run shares: where it writes and the worker's configuration (for data checks).</summary>
public sealed record CliContext(CliConsole Console, IConfiguration Configuration)
{
    /// <summary>The data checks' view of this run: its stderr and configuration.</summary>
    public DataCheckContext Checks => new(Console.Error, Configuration);

    /// <inheritdoc cref="DataCheckContext.WorkerConfiguration"/>
    public static IConfiguration WorkerConfiguration(IConfiguration? overrides) => DataCheckContext.WorkerConfiguration(overrides);

    public static implicit operator DataCheckContext(CliContext context) => context.Checks;
}
