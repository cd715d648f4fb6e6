using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Starter;

/// <summary>
/// <c>demo --keep</c> as a real process in its own process group, stopped as a terminal's Ctrl+C stops it: SIGINT to
/// the whole group, the dev server child included. Before that, what the operator uses while it runs: the metrics URL
/// it prints and the `export ...` line that points a second terminal's CLI at the demo's database and server.
/// </summary>
[Collection(DevServerCollection.Name)] // one dev server at a time on a 2-core machine
public class DemoKeepTests
{
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DemoKeep_CtrlCToTheProcessGroup_ExitsWithinTenSecondsAndLeavesNoServer()
    {
        await using var demo = await DemoProcess.StartAsync("--default-signal=INT,QUIT");

        await demo.ScrapeMetricsAsync();
        await demo.SecondTerminalSeesTheDemoAsync();
        var (exit, took) = await demo.InterruptGroupAsync();

        exit.Should().Be(ExitCodes.Success, $"Ctrl+C is how --keep ends; every scenario ran as expected\n{demo.Output}");
        took.Should().BeLessThan(StopWithin, demo.Output);
        demo.Output.Should().NotContain("retried 8 times", "the worker stops before it retries its polls against a stopped server");
        (await DemoProcess.GroupAliveAsync(demo.Group)).Should().BeFalse("the dev server stops with the demo");
    }

    [Fact]
    public async Task DemoKeep_StartedIgnoringSigint_StopsWithinTenSecondsWhenCtrlCStopsItsDevServer()
    {
        // A script's background job (or nohup) ignores SIGINT; the dev server does not, so Ctrl+C stops only the server.
        await using var demo = await DemoProcess.StartAsync("--ignore-signal=INT");

        var (exit, took) = await demo.InterruptGroupAsync();

        exit.Should().Be(ExitCodes.Success, demo.Output);
        took.Should().BeLessThan(StopWithin, demo.Output);
        demo.Output.Should().Contain("the Temporal dev server stopped");
        (await DemoProcess.GroupAliveAsync(demo.Group)).Should().BeFalse();
    }

    private sealed class DemoProcess : IAsyncDisposable
    {
        private static readonly string Starter = Path.Combine(AppContext.BaseDirectory, "TemporalSagas.Starter.dll");
        private readonly Process process;
        private readonly StringBuilder output = new();
        private readonly TaskCompletionSource<string> keepLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private DemoProcess(Process process)
        {
            this.process = process;
            process.OutputDataReceived += (_, e) => Received(e.Data);
            process.ErrorDataReceived += (_, e) => Received(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        // setsid makes the demo a process group leader (its pid is the group's id); the dev server it starts joins it.
        public int Group => process.Id;

        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        /// <param name="signalOption">env's option: SIGINT as a terminal leaves it (default) or as a background job (ignored).</param>
        public static async Task<DemoProcess> StartAsync(string signalOption)
        {
            var start = new ProcessStartInfo("env", [
                signalOption, "setsid", "dotnet", Starter, "demo", "--keep", "--console-port", "0", "--metrics-port", "0",
                "--port", FreePort.Next().ToString(), "--ui-port", FreePort.Next().ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                Environment = { ["TEMPORAL_ADDRESS"] = null, ["NO_COLOR"] = "1" },
            };
            var demo = new DemoProcess(Process.Start(start)!);
            var exited = demo.process.WaitForExitAsync();
            (await Task.WhenAny(demo.keepLine.Task, exited, Task.Delay(TimeSpan.FromMinutes(3))))
                .Should().Be(demo.keepLine.Task, $"--keep says the server and worker stay up\n{demo.Output}");
            return demo;
        }

        public static async Task<bool> GroupAliveAsync(int group)
        {
            using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-g", group.ToString()]) { RedirectStandardOutput = true })!;
            await pgrep.WaitForExitAsync();
            return pgrep.ExitCode == 0;
        }

        public async Task ScrapeMetricsAsync()
        {
            var url = Regex.Match(Output, @"stay up: .* metrics (http://\S+/metrics)").Groups[1].Value;
            url.Should().StartWith("http://127.0.0.1:", "metrics listen on loopback, as the console does");
            using var http = new HttpClient();
            using var response = await http.GetAsync(url);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Split('\n').Should().Contain(l => l.StartsWith("saga_started_total{", StringComparison.Ordinal));
        }

        public async Task SecondTerminalSeesTheDemoAsync()
        {
            var export = Regex.Match(Output, @"export ConnectionStrings__Sagas=""([^""]+)"" TEMPORAL_ADDRESS=(\S+)");
            export.Success.Should().BeTrue(Output);
            var environment = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Sagas"] = export.Groups[1].Value,
                ["TEMPORAL_ADDRESS"] = export.Groups[2].Value,
            };

            var verify = await CliAsync(environment, "verify");
            verify.Exit.Should().Be(ExitCodes.Success, verify.Output);
            verify.Output.Should().Contain(export.Groups[1].Value["Data Source=".Length..], "verify checks the demo's database");

            // The demo confirmed one seat hold: the second terminal's CLI sees it in the demo's database, not its own.
            var zones = await CliAsync(environment, "seats", "zones", "--json");
            zones.Exit.Should().Be(ExitCodes.Success, zones.Output);
            JsonDocument.Parse(zones.Output).RootElement.EnumerateArray().Sum(z => z.GetProperty("confirmed").GetInt32())
                .Should().BeGreaterThan(0, zones.Output);

            var sagas = await CliAsync(environment, "saga", "list", "--json");
            sagas.Exit.Should().Be(ExitCodes.Success, sagas.Output);
            sagas.Output.Should().Contain("-demo-", "the CLI lists the demo's sagas on the demo's server");
        }

        public async Task<(int Exit, TimeSpan Took)> InterruptGroupAsync()
        {
            var clock = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-INT", "--", $"-{Group}"]))
            {
                await kill.WaitForExitAsync();
                kill.ExitCode.Should().Be(0);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return (process.ExitCode, clock.Elapsed);
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-KILL", "--", $"-{Group}"]);
                await kill.WaitForExitAsync();
            }

            process.Dispose();
        }

        private static async Task<(int Exit, string Output)> CliAsync(Dictionary<string, string?> environment, params string[] args)
        {
            var start = new ProcessStartInfo("dotnet", [Starter, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var cli = Process.Start(start)!;
            var stdout = cli.StandardOutput.ReadToEndAsync();
            var stderr = cli.StandardError.ReadToEndAsync();
            await cli.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            return (cli.ExitCode, await stdout + await stderr);
        }

        private void Received(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            // The last line --keep prints, after "server and worker stay up: ... metrics <url>".
            if (line.Contains("in a second terminal: export", StringComparison.Ordinal))
            {
                keepLine.TrySetResult(line);
            }
        }
    }
}
