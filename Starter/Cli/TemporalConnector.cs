using System.CommandLine;
using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

public static class TemporalConnector
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(4);

    public static Task<TemporalClient> ConnectAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ConnectAsync(parse.GetValue(GlobalOptions.Address)!, parse.GetValue(GlobalOptions.Namespace)!, cancellationToken);

    /// <summary>Connects within a few seconds or fails with exit code 3 naming the address tried.</summary>
    public static async Task<TemporalClient> ConnectAsync(string address, string ns, CancellationToken cancellationToken)
    {
        try
        {
            var options = new TemporalClientConnectOptions(address)
            {
                Namespace = ns,
                DataConverter = SagaDataConverter.Instance,
            };
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
