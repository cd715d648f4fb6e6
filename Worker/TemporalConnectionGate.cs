using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Worker;

/// <summary>
/// Waits for the Temporal server before the worker starts (a worker may come up before its server), and
/// fails the start with one clear message, so the process exits non-zero, when it never answers.
/// </summary>
internal sealed class TemporalConnectionGate(
    ITemporalClient client, IOptions<SagaWorkerOptions> options, ILogger<TemporalConnectionGate> logger) : IHostedService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(o.ConnectTimeoutSeconds);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.Connection.ConnectAsync();
                logger.LogInformation(
                    "Connected to Temporal at {Address} over {Security} (gRPC compression {Compression}), namespace {Namespace}, task queue {TaskQueue}, payloads {Payloads}",
                    o.Address, o.Security().ToString(), TemporalGrpcCompression.Describe(client.Connection.Options.GrpcCompression), o.Namespace, o.TaskQueue,
                    client.Options.DataConverter.PayloadCodec is AesGcmPayloadCodec { Encrypts: true } ? "encrypted" : "plain");
                return;
            }
            catch (InvalidOperationException e) when (DateTime.UtcNow < deadline)
            {
                if (attempt == 1 || attempt % 5 == 0)
                {
                    logger.LogWarning("Waiting for Temporal at {Address}: {Reason}", o.Address, e.Message);
                }

                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException(
                    $"cannot reach Temporal at {o.Address} within {o.ConnectTimeoutSeconds} s: {e.Message}", e);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
