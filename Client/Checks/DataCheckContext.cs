using Microsoft.Extensions.Configuration;

namespace TemporalSagas.Client.Checks;

/// <summary>
/// What a read-only data check needs (the CLI's commands and the saga console alike): the worker's configuration (its
/// database) and where a skipped check's warning goes.
/// </summary>
public sealed record DataCheckContext(TextWriter Error, IConfiguration Configuration)
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
