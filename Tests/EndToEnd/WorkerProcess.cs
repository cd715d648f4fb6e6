using System.Diagnostics;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>The real worker executable in a process of its own, so a test can kill it (or let it kill itself) like a crash would.</summary>
public sealed class WorkerProcess : IDisposable
{
    private const int KeptLines = 200;
    private readonly Process process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> output = new();

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
                ["Database__Provider"] = fixture.Database.Provider.ToString(),
                ["Faults__Enabled"] = "true",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public bool HasExited => process.HasExited;

    /// <summary>The process's last output lines, for a failing test's message.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, output);

    /// <summary>SIGKILL: no graceful shutdown, no chance to finish the running task.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => process.WaitForExitAsync().WaitAsync(timeout);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptLines && output.TryDequeue(out _))
        {
        }
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
