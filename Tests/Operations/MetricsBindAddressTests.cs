using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Operations;

/// <summary>
/// <c>Temporal:MetricsBindAddress</c>: <c>/metrics</c> listens on 127.0.0.1 unless told otherwise, on every interface
/// with 0.0.0.0, and the start log names the address bound (it said localhost while 0.0.0.0 was bound).
/// </summary>
[Collection(DevServerCollection.Name)]
public class MetricsBindAddressTests(DevServerFixture fixture)
{
    [Fact]
    public async Task MetricsBindAddress_Default_ListensOnLoopbackOnlyAndLogsIt()
    {
        var (port, logged, reachable) = await StartAndProbeAsync(bindAddress: null);

        logged.Should().Be($"127.0.0.1:{port}");
        reachable.Loopback.Should().BeTrue();
        // Only where this machine has another address to try (it has one on the project's machines and in CI).
        if (reachable.Other is { } other)
        {
            other.Should().BeFalse("the default endpoint is not open to the network");
        }
    }

    [Fact]
    public async Task MetricsBindAddress_AllInterfaces_ListensOnEveryAddressAndLogsIt()
    {
        var (port, logged, reachable) = await StartAndProbeAsync(bindAddress: "0.0.0.0");

        logged.Should().Be($"0.0.0.0:{port}");
        reachable.Loopback.Should().BeTrue();
        if (reachable.Other is { } other)
        {
            other.Should().BeTrue("0.0.0.0 listens on every interface");
        }
    }

    [Fact]
    public async Task MetricsBindAddress_NotAnIpAddress_StopsTheWorkerNamingTheSetting()
    {
        var start = () => fixture.StartWorkerAsync(o =>
        {
            o.TaskQueue = $"ops-bind-{Guid.NewGuid():N}";
            o.MetricsPort = FreePort.Next();
            o.MetricsBindAddress = "localhost";
        });

        (await start.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("Temporal:MetricsBindAddress must be an IP address").And.Contain("'localhost'");
    }

    // Starts a worker with a metrics port (a new one if the first was taken), probes the port on loopback and on this
    // machine's first other IPv4 address, and reads the address the start log says it bound.
    private async Task<(int Port, string? Logged, (bool Loopback, bool? Other) Reachable)> StartAndProbeAsync(string? bindAddress)
    {
        var other = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var logDir = Path.Combine(Path.GetTempPath(), $"sagas-bind-{Guid.NewGuid():N}");
            try
            {
                bool loopback;
                bool? elsewhere = null;
                using (var host = await fixture.StartWorkerAsync(
                    o =>
                    {
                        o.TaskQueue = $"ops-bind-{Guid.NewGuid():N}";
                        o.MetricsPort = port;
                        o.MetricsBindAddress = bindAddress ?? o.MetricsBindAddress;
                        o.LogDirectory = logDir;
                    },
                    logLevel: "Information"))
                {
                    loopback = await AcceptsAsync(IPAddress.Loopback, port);
                    if (other is not null)
                    {
                        elsewhere = await AcceptsAsync(other, port);
                    }

                    await host.StopAsync(); // flushes the log file
                }

                if (!loopback && attempt < 3)
                {
                    continue; // the port was taken between FreePort and the bind
                }

                var logged = Directory.GetFiles(logDir, "worker-*.json")
                    .SelectMany(File.ReadAllLines)
                    .Select(line => JsonDocument.Parse(line).RootElement)
                    .Where(e => e.TryGetProperty("@mt", out var mt) && mt.GetString()!.StartsWith("Prometheus metrics on", StringComparison.Ordinal))
                    .Select(e => e.GetProperty("MetricsBindAddress").GetString())
                    .SingleOrDefault();
                return (port, logged, (loopback, elsewhere));
            }
            finally
            {
                if (Directory.Exists(logDir))
                {
                    Directory.Delete(logDir, recursive: true);
                }
            }
        }
    }

    private static async Task<bool> AcceptsAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        try
        {
            await client.ConnectAsync(address, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (Exception e) when (e is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
