using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <param name="BusinessErrorOnAttempt">When set, the attempt that fails with <paramref name="BusinessError"/>; the
/// attempts before it commit the effect and then lose their answer (a retryable failure after the commit).</param>
public sealed record RedeliveredDoRequest(string Step, string IdempotencyKey, string? BusinessError = null, int BusinessErrorOnAttempt = 1);

public sealed record RedeliveredUndoRequest(string Step, string IdempotencyKey, string StepKey, double SlowSeconds = 0);

public sealed record RedeliveredCheckRequest(string Step, string StepKey);

/// <summary>
/// A system whose first delivery of a step commits and then loses its answer, and whose redelivery answers with a
/// business error (what a data layer that looks the key up and then acts says when the first commit took the last
/// seat). Undos may be slow and never heartbeat, like a refund or a Cal.com cancel.
/// </summary>
public sealed class RedeliveryFakeActivities
{
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The committed effects, by the forward step's key.</summary>
    public ConcurrentDictionary<string, string> Effects { get; } = new();

    public int Count(string call) => Calls.Count(c => c == call);

    [Activity]
    public Task<string> RedeliveredDoAsync(RedeliveredDoRequest request)
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        Calls.Enqueue($"do:{request.Step}:{attempt}");
        if (request.BusinessError is { } error)
        {
            if (attempt >= request.BusinessErrorOnAttempt)
            {
                throw BusinessFailure.Create(error, $"{request.Step}: {error} on attempt {attempt}");
            }

            Effects[request.IdempotencyKey] = request.Step;
            throw new ApplicationFailureException($"{request.Step}: connection reset after the commit", "CONNECTION_RESET");
        }

        Effects[request.IdempotencyKey] = request.Step;
        return Task.FromResult($"{request.Step}-done");
    }

    [Activity]
    public Task<bool> RedeliveredCheckAsync(RedeliveredCheckRequest request)
    {
        Calls.Enqueue($"check:{request.Step}");
        return Task.FromResult(Effects.ContainsKey(request.StepKey));
    }

    [Activity]
    public async Task<string> RedeliveredUndoAsync(RedeliveredUndoRequest request)
    {
        Calls.Enqueue($"undo-started:{request.Step}");
        if (request.SlowSeconds > 0)
        {
            // A slow outside call that does not heartbeat.
            await Task.Delay(TimeSpan.FromSeconds(request.SlowSeconds), CancellationToken.None);
        }

        Calls.Enqueue($"undo:{request.Step}");
        return Effects.TryRemove(request.StepKey, out _) ? "undone" : "nothing-to-undo";
    }
}
