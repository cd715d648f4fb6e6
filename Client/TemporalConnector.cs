using Temporalio.Client;
using Temporalio.Converters;
using TemporalSagas.Client.Tracing;
using TemporalSagas.Worker;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>The one way every front end (CLI, console, load, demo, tests) connects: data converter, compression, TLS, exit 3 when unreachable.</summary>
public static class TemporalConnector
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(4);

    /// <summary>The data converter every client of this process uses: payloads encrypted when SAGAS_ENCRYPTION_KEYS is set.</summary>
    public static DataConverter DataConverter()
    {
        try
        {
            return SagaDataConverter.FromEnvironment();
        }
        catch (FormatException e)
        {
            throw CliException.BadInput(e.Message);
        }
    }

    /// <summary>TEMPORAL_GRPC_COMPRESSION (auto, gzip, none) for <paramref name="address"/>; a bad value is bad input.</summary>
    public static GrpcCompression GrpcCompression(string address) =>
        GrpcCompression(address, Environment.GetEnvironmentVariable("TEMPORAL_GRPC_COMPRESSION"));

    public static GrpcCompression GrpcCompression(string address, string? setting)
    {
        try
        {
            return TemporalGrpcCompression.For(address, setting);
        }
        catch (ArgumentException e)
        {
            throw CliException.BadInput(e.Message.Replace("Temporal:GrpcCompression", "TEMPORAL_GRPC_COMPRESSION", StringComparison.Ordinal));
        }
    }

    /// <summary>Connects within a few seconds or fails with exit code 3 naming the address tried.</summary>
    public static async Task<TemporalClient> ConnectAsync(
        string address, string ns, CancellationToken cancellationToken, TemporalConnectionSecurity? security = null)
    {
        // Bad settings are bad input (exit 2), not an unreachable server: read them before connecting.
        var dataConverter = DataConverter();
        var compression = GrpcCompression(address);
        var interceptors = ClientTracing.Interceptors();
        try
        {
            var options = new TemporalClientConnectOptions(address)
            {
                Namespace = ns,
                DataConverter = dataConverter,
                GrpcCompression = compression,
                // Off by default; on, each saga started here is the root of its trace (docs/operating.md, "Traces").
                Interceptors = interceptors,
            };
            (security ?? new TemporalConnectionSecurity()).ApplyTo(options);
            var client = await TemporalClient.ConnectAsync(options).WaitAsync(ConnectTimeout, cancellationToken);
            await client.Connection.CheckHealthAsync().WaitAsync(ConnectTimeout, cancellationToken);
            return client;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = e switch
            {
                TimeoutException => $"no answer within {ConnectTimeout.TotalSeconds:0} s",
                _ when e.Message.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) => "connection refused",
                _ => e.Message,
            };
            throw CliException.Unreachable($"cannot reach Temporal at {address} ({reason}); start a server or set TEMPORAL_ADDRESS");
        }
    }
}
