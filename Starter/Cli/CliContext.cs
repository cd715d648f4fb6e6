using Microsoft.Extensions.Configuration;

namespace TemporalSagas.Starter.Cli;

/// <summary>What every command of one CLI run shares: where it writes and the worker's configuration (for data checks).</summary>
public sealed record CliContext(CliConsole Console, IConfiguration Configuration)
{
    /// <summary>
    /// The configuration the worker reads by default: its appsettings.json beside the executable, then the environment
    /// (<c>ConnectionStrings__Sagas</c>), then <paramref name="overrides"/>.
    /// </summary>
    public static IConfiguration WorkerConfiguration(IConfiguration? overrides)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        if (overrides is not null)
        {
            builder.AddConfiguration(overrides);
        }

        return builder.Build();
    }
}
