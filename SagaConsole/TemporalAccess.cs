using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// The console's Temporal client, connected on first use (so the console starts, and answers 503, while Temporal is
/// down) and kept once it answers. Connects like the CLI (<see cref="TemporalConnector"/>, a few seconds at most).
/// </summary>
public sealed class TemporalAccess(ConsoleSettings settings, ITemporalClient? client = null) : IDisposable
{
    private readonly SemaphoreSlim connecting = new(1, 1);
    private ITemporalClient? connected = client;

    public async Task<ITemporalClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (connected is { } ready)
        {
            return ready;
        }

        await connecting.WaitAsync(cancellationToken);
        try
        {
            return connected ??= await TemporalConnector.ConnectAsync(settings.Address, settings.Namespace, cancellationToken, settings.Security);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.TemporalUnreachable)
        {
            throw ConsoleProblem.Unreachable(e.Message);
        }
        finally
        {
            connecting.Release();
        }
    }

    /// <summary>True for an RPC error that means the server cannot be reached now (the API answers 503).</summary>
    public static bool IsUnreachable(RpcException e) =>
        e.Code is RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded;

    public void Dispose() => connecting.Dispose();
}
