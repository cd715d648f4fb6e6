using System.Diagnostics;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>The real worker executable in a process of its own, so a test can kill it like a crash would.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    public WorkerProcess(DevServerFixture fixture, string taskQueue)
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
                ["Temporal__MetricsPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Temporal__LogDirectory"] = string.Empty,
                ["ConnectionStrings__Sagas"] = fixture.ConnectionString,
                ["Faults__Enabled"] = "true",
            },
        };
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>SIGKILL: no graceful shutdown, no chance to finish the running task.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }
}
