using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Starter.Demo;

/// <summary>
/// <c>demo --keep</c>'s wait: until Ctrl+C, or until the dev server it started stops answering. A Ctrl+C in a terminal
/// reaches the whole process group, the dev server included; where this process ignores SIGINT (started in the
/// background by a script, under nohup) only the dev server dies, and the worker would otherwise retry its polls for
/// ever, logging a connection warning each time.
/// </summary>
public static class DemoKeep
{
    public enum Ended
    {
        Cancelled,
        ServerStopped,
    }

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // Two misses in a row: one slow health check under load is not a stopped server.
    private const int MissesToStop = 2;

    public static async Task<Ended> WaitAsync(DemoEnvironment environment, CancellationToken cancellationToken)
    {
        var misses = 0;
        try
        {
            while (true)
            {
                await Task.Delay(Interval, cancellationToken);
                if (!environment.StartedDevServer)
                {
                    continue;
                }

                misses = await AnswersAsync(environment.Client, cancellationToken) ? 0 : misses + 1;
                if (misses >= MissesToStop)
                {
                    return Ended.ServerStopped;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Ended.Cancelled;
        }
    }

    private static async Task<bool> AnswersAsync(ITemporalClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Connection.CheckHealthAsync(
                options: new RpcOptions { Timeout = TimeSpan.FromSeconds(2), CancellationToken = cancellationToken });
        }
        catch (RpcException)
        {
            return false;
        }
    }
}
