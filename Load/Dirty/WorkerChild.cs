using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TemporalSagas.Load.Dirty;

/// <summary>The real worker executable (TemporalSagas.Worker.dll beside this one) in a process of its own, so a
/// scenario can kill it like a crash would. Its console goes to <c>worker-{n}.log</c> in the run's folder.</summary>
public sealed class WorkerChild : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;

    public WorkerChild(string address, string ns, string taskQueue, string connectionString, string logFile)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TemporalSagas.Worker.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["TEMPORAL_ADDRESS"] = address,
                ["TEMPORAL_NAMESPACE"] = ns,
                ["Temporal__TaskQueue"] = taskQueue,
                ["Temporal__LogDirectory"] = string.Empty,
                ["Temporal__MetricsPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["ConnectionStrings__Sagas"] = connectionString,
                ["Faults__Enabled"] = "true",
                ["Serilog__MinimumLevel__Default"] = "Warning",
            },
        };
        log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the worker process");
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>SIGKILL: no graceful shutdown, the running tasks are lost mid-flight.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
        lock (log)
        {
            log.Dispose();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream is { CanWrite: true })
            {
                log.WriteLine(line);
            }
        }
    }
}
