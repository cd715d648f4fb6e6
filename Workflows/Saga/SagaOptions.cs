using Temporalio.Common;

namespace TemporalSagas.Workflows.Saga;

/// <summary>How one step's activity runs. Retries and timeouts are held by the Temporal server.</summary>
public sealed record StepOptions
{
    public static readonly StepOptions Default = new();

    public TimeSpan StartToCloseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Default: 5 attempts, 1 s doubling to 10 s; business errors are non-retryable anyway.</summary>
    public RetryPolicy RetryPolicy { get; init; } = new()
    {
        MaximumAttempts = 5,
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2,
        MaximumInterval = TimeSpan.FromSeconds(10),
    };

    /// <summary>
    /// Run as a local activity: for short writes to the worker's own database only, never for calls to
    /// outside systems. Same idempotency key, retry policy and ledger; no server round trip per step.
    /// </summary>
    public bool Local { get; init; }
}

public sealed record SagaOptions
{
    /// <summary>When set, a durable timer races the steps; when it fires the saga compensates and ends TimedOut.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Run compensations concurrently instead of strictly in reverse order.</summary>
    public bool ParallelCompensation { get; init; }

    public StepOptions Steps { get; init; } = StepOptions.Default;

    /// <summary>Each compensation's own retry policy: 5 attempts with exponential backoff.</summary>
    public RetryPolicy CompensationRetryPolicy { get; init; } = new()
    {
        MaximumAttempts = 5,
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2,
        MaximumInterval = TimeSpan.FromSeconds(30),
    };

    public TimeSpan CompensationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>While a saga waits for review it logs a reminder this often.</summary>
    public TimeSpan ReviewReminderInterval { get; init; } = TimeSpan.FromHours(24);
}
