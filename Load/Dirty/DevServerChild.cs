using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Load.Dirty;

/// <summary>
/// The dev server from temporal-dev.yaml as a plain child process backed by a SQLite file, so it can be killed
/// (SIGKILL) and started again on the same port and file, as a user's local server dies and comes back.
/// </summary>
public sealed class DevServerChild(TemporalDevServerConfig config, string dbFile, int port, int uiPort, string logFile) : IDisposable
{
    private Process? process;

    public string Address => $"{config.Ip}:{port}";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var cli = TemporalBinaries.CliPath() ?? throw new FileNotFoundException(TemporalBinaries.CliNotFoundMessage);
        var args = new List<string>
        {
            "server", "start-dev", "--ip", config.Ip, "--port", Num(port), "--ui-port", Num(uiPort), "--namespace", config.Namespace,
            "--db-filename", dbFile, "--log-level", "warn", "--ui-disable-news-fetch",
        };
        foreach (var key in SagaSearchAttributes.All)
        {
            args.AddRange(["--search-attribute", $"{key.Name}=Keyword"]);
        }

        foreach (var (name, value) in config.DynamicConfig)
        {
            args.AddRange(["--dynamic-config-value", $"{name}={value}"]);
        }

        var start = new ProcessStartInfo(cli, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the dev server");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var sink = new object();
        var closed = false;

        // Exited can fire before the last buffered lines are delivered: those lines are dropped, never written to the
        // closed log (an exception in these handlers would end the whole process).
        void Write(string? line)
        {
            lock (sink)
            {
                if (line is not null && !closed)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) =>
        {
            lock (sink)
            {
                closed = true;
                log.Dispose();
            }
        };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitForPortAsync(cancellationToken);
    }

    /// <summary>SIGKILL: the server gets no chance to flush or say goodbye.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }

    private async Task WaitForPortAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"the dev server exited with code {process.ExitCode}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(config.Ip, port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
