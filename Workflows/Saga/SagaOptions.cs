using Temporalio.Common;

namespace TemporalSagas.Workflows.Saga;

/// <summary>How one step's activity runs. Retries and timeouts are held by the Temporal server.</summary>
public sealed record StepOptions
{
    // A new instance each time: RetryPolicy is mutable, so no two sagas may share one.
    public static StepOptions Default => new();

    public TimeSpan StartToCloseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Set for activities that heartbeat (calls to outside systems): a lost worker is noticed within it,
    /// and cancellation reaches the activity. Null for short database steps.</summary>
    public TimeSpan? HeartbeatTimeout { get; init; }

    /// <summary>Default: 5 attempts, 1 s doubling to 10 s; business errors are non-retryable anyway.</summary>
    public RetryPolicy RetryPolicy { get; init; } = NewDefaultRetryPolicy();

    /// <summary>
    /// Run as a local activity: for short writes to the worker's own database only, never for calls to
    /// outside systems. Same idempotency key, retry policy and ledger; no server round trip per step.
    /// </summary>
    public bool Local { get; init; }

    /// <summary>What each failure class means for the saga once the retries are over (default: compensate).</summary>
    public FailurePolicy Failures { get; init; } = FailurePolicy.Default;

    /// <summary>
    /// The saga's point of no return: once this step has completed the saga no longer compensates. A later step that
    /// still fails after its retries waits for an operator (retry it, or mark the saga resolved), and a cancel or the
    /// deadline no longer stops the steps after it.
    /// </summary>
    public bool Pivot { get; init; }

    /// <summary>
    /// The step's activity checks the input against the data it names before its effect (a read-only check that
    /// rides on the step instead of a validation round of its own, inside the step's idempotent section). Its
    /// <c>INVALID_INPUT</c> refusal, raised on the attempt that ran the check and so known to have had no effect,
    /// rejects the saga as its validation would: status Rejected, the workflow fails <c>INVALID_INPUT</c>, nothing
    /// to compensate.
    /// </summary>
    public bool ChecksInput { get; init; }

    // A new instance per options object: RetryPolicy is mutable and must not be shared between sagas.
    private static RetryPolicy NewDefaultRetryPolicy() => new()
    {
        MaximumAttempts = 5,
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2,
        MaximumInterval = TimeSpan.FromSeconds(10),
    };
}

/// <summary>What the engine does when a compensation still fails after its retries.</summary>
public enum CompensationFailureMode
{
    /// <summary>Run the remaining compensations, then wait for review of the failed ones (the default).</summary>
    ContinueAfterFailure,

    /// <summary>Stop unwinding at the first failure and wait for review; a retry resumes from there in order.</summary>
    StopAtFirstFailure,
}

public sealed record SagaOptions
{
    /// <summary>When set, a durable timer races the steps; when it fires the saga compensates and ends TimedOut.</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Run compensations concurrently instead of strictly in reverse order.</summary>
    public bool ParallelCompensation { get; init; }

    public StepOptions Steps { get; init; } = new();

    /// <summary>
    /// Each compensation's own retry policy. Default: unlimited attempts, 1 s doubling to at most 5 min, bounded by
    /// <see cref="CompensationRetryBudget"/>: a provider's outage of a few hours heals itself; a non-retryable
    /// failure goes to manual review at once.
    /// </summary>
    public RetryPolicy CompensationRetryPolicy { get; init; } = new()
    {
        MaximumAttempts = 0,
        InitialInterval = TimeSpan.FromSeconds(1),
        BackoffCoefficient = 2,
        MaximumInterval = TimeSpan.FromMinutes(5),
    };

    /// <summary>How long one compensation may keep retrying before the saga asks an operator.</summary>
    public TimeSpan CompensationRetryBudget { get; init; } = TimeSpan.FromHours(4);

    /// <summary>Timeout of one compensation attempt.</summary>
    public TimeSpan CompensationTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public CompensationFailureMode CompensationFailureMode { get; init; } = CompensationFailureMode.ContinueAfterFailure;

    /// <summary>
    /// With <see cref="CompensationFailureMode.ContinueAfterFailure"/> (and sequential compensation): the attempts each
    /// compensation gets in a first round, newest first. One still failing transiently is retried with the full
    /// <see cref="CompensationRetryPolicy"/> and budget after the other compensations ran: they are independent, so a
    /// refund that keeps failing does not hold the seat release back. 0 turns the rounds off.
    /// </summary>
    public int CompensationFirstRoundAttempts { get; init; } = 3;

    /// <summary>While a saga waits for review it logs a reminder this often.</summary>
    public TimeSpan ReviewReminderInterval { get; init; } = TimeSpan.FromHours(24);
}
