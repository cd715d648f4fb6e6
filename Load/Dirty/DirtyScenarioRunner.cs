using TemporalSagas.Client;
using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Load.Dirty;

/// <summary>Runs one dirty scenario in a <see cref="ChildDirtyHost"/> and cleans up after it (keeping the logs and
/// databases when something went wrong).</summary>
public static class DirtyScenarioRunner
{
    public static async Task<DirtyReport> RunAsync(
        DirtyScenario scenario, TemporalDevServerConfig config, int count, int concurrency, CancellationToken cancellationToken,
        TextWriter? log = null)
    {
        ChildDirtyHost host;
        try
        {
            host = await ChildDirtyHost.StartAsync(config, scenario.Workers, cancellationToken);
        }
        catch (FileNotFoundException e)
        {
            throw CliException.Unreachable($"cannot start the Temporal dev server: {e.Message}");
        }

        DirtyReport report;
        await using (host)
        {
            report = await scenario.RunAsync(host, count, concurrency, cancellationToken);
        }

        if (report.Ok)
        {
            TryDelete(host.Directory);
        }
        else
        {
            await (log ?? Console.Error).WriteLineAsync($"worker logs, databases and dev server log kept in {host.Directory}");
        }

        return report;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a run for.
        }
    }
}
