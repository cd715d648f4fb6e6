using System.Diagnostics;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>The real worker executable in a process of its own, so a test can kill it (or let it kill itself) like a crash would.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    public WorkerProcess(DevServerFixture fixture, string taskQueue, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TemporalSagas.Worker.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["TEMPORAL_ADDRESS"] = fixture.Client.Connection.Options.TargetHost,
                ["TEMPORAL_NAMESPACE"] = fixture.Client.Options.Namespace,
                ["Temporal__TaskQueue"] = taskQueue,
                ["Temporal__LogDirectory"] = string.Empty,

                // Not appsettings.json's fixed port; should this one be taken meanwhile, the worker runs without metrics.
                ["Temporal__MetricsPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ConnectionStrings__Sagas"] = fixture.ConnectionString,
                ["Faults__Enabled"] = "true",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL: no graceful shutdown, no chance to finish the running task.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
