using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalSagas.Tests.Workflows.Saga;

public sealed record DoRequest(
    string Step, string IdempotencyKey, bool Fail, double SlowSeconds = 0, SlowEffect SlowEffect = SlowEffect.AfterWait);

public sealed record UndoRequest(
    string Step, string IdempotencyKey, string StepKey, int Failures, bool FailuresRetryable = true, double SlowSeconds = 0);

public sealed record CheckRequest(string Step, string StepKey);

/// <summary>
/// Test double of a system a saga writes to: a step's effect is committed into <see cref="Effects"/> under the
/// step's key, compensations remove it, the check looks it up. Every call is recorded in order.
/// </summary>
/// <param name="undoRendezvous">When set, each undo waits until this many undos have started (proves they overlap).</param>
public sealed class FakeStepActivities(int undoRendezvous = 0)
{
    // Long enough for concurrent undos to meet on a loaded 2-core machine; a sequential engine waits it out each time.
    private static readonly TimeSpan RendezvousTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, int> undoCalls = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> started = new();
    private readonly CountdownEvent? rendezvous = undoRendezvous > 0 ? new CountdownEvent(undoRendezvous) : null;

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string> Keys { get; } = new();

    /// <summary>The committed effects, by the forward step's key.</summary>
    public ConcurrentDictionary<string, string> Effects { get; } = new();

    public IEnumerable<string> Undone => Calls.Where(c => c.StartsWith("undo:", StringComparison.Ordinal)).Select(c => c[5..]);

    public int Count(string call) => Calls.Count(c => c == call);

    /// <summary>By step: how many of its next calls fail retryably (a fault retrying could heal), then succeed.</summary>
    public ConcurrentDictionary<string, int> TransientFailures { get; } = new();

    /// <summary>Steps whose call after a transient failure refuses (a business failure on a redelivery: the first
    /// attempt may have taken effect).</summary>
    public ConcurrentDictionary<string, bool> RefuseOnRedelivery { get; } = new();

    /// <summary>Completes when the action (<c>do:X</c>) or compensation (<c>undo:X</c>) of a step has started.</summary>
    public Task Started(string call) => StartedSource(call).Task.WaitAsync(TimeSpan.FromSeconds(30));

    [Activity]
    public async Task<string> DoAsync(DoRequest request)
    {
        Calls.Enqueue($"do:{request.Step}");
        Keys.Enqueue(request.IdempotencyKey);
        StartedSource($"do:{request.Step}").TrySetResult();
        if (request.Fail)
        {
            throw new ApplicationFailureException($"{request.Step} failed", "STEP_FAILED", nonRetryable: true);
        }

        if (ActivityExecutionContext.Current.Info.Attempt > 1 && RefuseOnRedelivery.ContainsKey(request.Step))
        {
            Calls.Enqueue($"do-refused:{request.Step}");
            throw TemporalSagas.Activities.BusinessFailure.Create("STEP_REFUSED", $"{request.Step} refused on a redelivery");
        }

        if (TransientFailures.TryGetValue(request.Step, out var left) && left > 0)
        {
            TransientFailures[request.Step] = left - 1;
            Calls.Enqueue($"do-failed:{request.Step}");
            throw new ApplicationFailureException($"{request.Step}: provider unavailable", "PROVIDER_UNAVAILABLE");
        }

        if (request.SlowSeconds > 0)
        {
            await SlowCallAsync(request);
        }
        else
        {
            Effects[request.IdempotencyKey] = request.Step;
        }

        return $"{request.Step}-done";
    }

    /// <summary>An input check that takes <paramref name="seconds"/> and finds nothing wrong.</summary>
    [Activity]
    public async Task<IReadOnlyList<string>> ValidateAsync(double seconds)
    {
        Calls.Enqueue("validate");
        StartedSource("validate").TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(seconds), ActivityExecutionContext.Current.CancellationToken);
        return [];
    }

    [Activity]
    public async Task<bool> CheckAsync(CheckRequest request)
    {
        Calls.Enqueue($"check:{request.Step}");
        await Task.Yield();
        return Effects.ContainsKey(request.StepKey);
    }

    [Activity]
    public async Task<string> UndoAsync(UndoRequest request)
    {
        var call = undoCalls.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        Keys.Enqueue(request.IdempotencyKey);
        StartedSource($"undo:{request.Step}").TrySetResult();
        if (call <= request.Failures)
        {
            Calls.Enqueue($"undo-failed:{request.Step}");
            throw new ApplicationFailureException(
                $"undo {request.Step} failed (call {call})", "UNDO_FAILED", nonRetryable: !request.FailuresRetryable);
        }

        if (rendezvous is not null)
        {
            rendezvous.Signal();
            if (!await Task.Run(() => rendezvous.Wait(RendezvousTimeout)))
            {
                Calls.Enqueue($"undo-alone:{request.Step}");
            }
        }

        if (request.SlowSeconds > 0)
        {
            // An outside call that does not stop when the workflow is cancelled.
            await Task.Delay(TimeSpan.FromSeconds(request.SlowSeconds), CancellationToken.None);
        }

        Calls.Enqueue($"undo:{request.Step}");
        return Effects.TryRemove(request.StepKey, out _) ? "undone" : "nothing-to-undo";
    }

    // An outside call that ignores cancellation; the activity heartbeats meanwhile, so it learns of a cancel
    // and reports it once the call returns, as a real activity does.
    private static async Task HeartbeatUntilAsync(Task call)
    {
        while (!call.IsCompleted)
        {
            ActivityExecutionContext.Current.Heartbeat();
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200)));
        }
    }

    private async Task SlowCallAsync(DoRequest request)
    {
        if (request.SlowEffect == SlowEffect.BeforeWait)
        {
            Effects[request.IdempotencyKey] = request.Step;
        }

        await HeartbeatUntilAsync(Task.Delay(TimeSpan.FromSeconds(request.SlowSeconds), CancellationToken.None));
        if (request.SlowEffect == SlowEffect.AfterWait)
        {
            Effects[request.IdempotencyKey] = request.Step;
        }

        ActivityExecutionContext.Current.CancellationToken.ThrowIfCancellationRequested();
    }

    private TaskCompletionSource StartedSource(string call) =>
        started.GetOrAdd(call, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>When a slow step's effect commits relative to its slow outside call.</summary>
public enum SlowEffect
{
    /// <summary>The call returns, then the effect commits: it lands after a cancel that arrived meanwhile.</summary>
    AfterWait,

    /// <summary>The effect commits, then the call hangs (a lost response): the step times out having taken effect.</summary>
    BeforeWait,

    /// <summary>The call takes its time and changes nothing.</summary>
    None,
}
