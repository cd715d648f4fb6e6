using Temporalio.Activities;

namespace TemporalSagas.Activities;

/// <summary>
/// Heartbeats the running activity every few seconds until disposed, for calls to outside systems that may take
/// long: the server notices a lost worker within the step's heartbeat timeout, and cancellation reaches the activity.
/// Does nothing outside an activity.
/// </summary>
internal sealed class ActivityHeartbeat : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private ActivityHeartbeat(ActivityExecutionContext? context) =>
        loop = context is null ? Task.CompletedTask : BeatAsync(context, stop.Token);

    public static ActivityHeartbeat Start() =>
        new(ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current : null);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private static async Task BeatAsync(ActivityExecutionContext context, CancellationToken stop)
    {
        // Wait first: a call that answers within the interval never heartbeats, so no heartbeat can reach the
        // server after the activity completed (the server would answer "unknown activity").
        while (true)
        {
            try
            {
                await Task.Delay(Interval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            context.Heartbeat();
        }
    }
}
