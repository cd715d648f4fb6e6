using System.Diagnostics;
using System.Text.Json;
using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Worker;

namespace TemporalSagas.Tests.Starter;

public class GrpcCompressionTests
{
    [Theory]
    [InlineData("localhost:7233", true)]
    [InlineData("LOCALHOST:7233", true)]
    [InlineData("127.0.0.1:7233", true)]
    [InlineData("127.0.0.53:7233", true)]
    [InlineData("[::1]:7233", true)]
    [InlineData("temporal.internal:7233", false)]
    [InlineData("10.0.0.5:7233", false)]
    [InlineData("[2001:db8::1]:7233", false)]
    [InlineData("my-ns.a1b2c.tmprl.cloud:7233", false)]
    public void Auto_sends_plain_frames_only_to_this_machine(string address, bool loopback)
    {
        TemporalGrpcCompression.IsLoopback(address).Should().Be(loopback);
        TemporalGrpcCompression.For(address, null).Should().BeOfType(loopback ? typeof(GrpcCompression.None) : typeof(GrpcCompression.Gzip));
        TemporalGrpcCompression.For(address, " AUTO ").Should().BeOfType(loopback ? typeof(GrpcCompression.None) : typeof(GrpcCompression.Gzip));
    }

    [Fact]
    public void An_explicit_choice_wins_over_the_address()
    {
        TemporalGrpcCompression.For("127.0.0.1:7233", "gzip").Should().BeOfType<GrpcCompression.Gzip>();
        TemporalGrpcCompression.For("temporal.internal:7233", "none").Should().BeOfType<GrpcCompression.None>();
    }

    [Fact]
    public void An_unknown_choice_is_refused_with_the_valid_ones()
    {
        var act = () => TemporalGrpcCompression.For("127.0.0.1:7233", "zstd");
        act.Should().Throw<ArgumentException>().WithMessage("*'zstd' is not one of auto, gzip, none*");
    }

    [Fact]
    public void The_cli_names_its_environment_variable_for_a_bad_value()
    {
        var act = () => TemporalConnector.GrpcCompression("127.0.0.1:7233", "brotli");
        act.Should().Throw<CliException>()
            .Where(e => e.ExitCode == ExitCodes.BadInput && e.Message.Contains("TEMPORAL_GRPC_COMPRESSION: 'brotli' is not one of auto, gzip, none"));
    }

    [Fact]
    public async Task A_bad_environment_value_is_bad_input_before_any_connection()
    {
        // A real process, so the variable does not leak into tests running beside this one. No server is needed:
        // the setting is checked before connecting, so this is exit 2, not "unreachable" (3).
        var start = new ProcessStartInfo(
            "dotnet", [Path.Combine(AppContext.BaseDirectory, "TemporalSagas.Starter.dll"), "saga", "list", "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TEMPORAL_GRPC_COMPRESSION"] = "brotli", ["TEMPORAL_ADDRESS"] = "127.0.0.1:1" },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var output = await stdout + await stderr;

        process.ExitCode.Should().Be(ExitCodes.BadInput, output);
        using var json = JsonDocument.Parse(await stdout);
        json.RootElement.GetProperty("error").GetProperty("type").GetString().Should().Be("INVALID_INPUT");
        json.RootElement.GetProperty("error").GetProperty("message").GetString().Should().Contain("TEMPORAL_GRPC_COMPRESSION: 'brotli'");
    }
}
