using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalSagas.Tests.Workflows.Saga;

public sealed record DoRequest(string Step, string IdempotencyKey, bool Fail);

public sealed record UndoRequest(string Step, string IdempotencyKey, int Failures);

/// <summary>Test double: records every call in order; fails when asked to.</summary>
public sealed class FakeStepActivities
{
    private readonly ConcurrentDictionary<string, int> undoCalls = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<string> Keys { get; } = new();

    public IEnumerable<string> Undone => Calls.Where(c => c.StartsWith("undo:", StringComparison.Ordinal)).Select(c => c[5..]);

    [Activity]
    public Task<string> DoAsync(DoRequest request)
    {
        Calls.Enqueue($"do:{request.Step}");
        Keys.Enqueue(request.IdempotencyKey);
        return request.Fail
            ? throw new ApplicationFailureException($"{request.Step} failed", "STEP_FAILED", nonRetryable: true)
            : Task.FromResult($"{request.Step}-done");
    }

    [Activity]
    public Task<string> UndoAsync(UndoRequest request)
    {
        var call = undoCalls.AddOrUpdate(request.IdempotencyKey, 1, (_, n) => n + 1);
        Keys.Enqueue(request.IdempotencyKey);
        if (call <= request.Failures)
        {
            Calls.Enqueue($"undo-failed:{request.Step}");
            throw new ApplicationFailureException($"undo {request.Step} failed (call {call})", "UNDO_FAILED");
        }

        Calls.Enqueue($"undo:{request.Step}");
        return Task.FromResult("undone");
    }
}
