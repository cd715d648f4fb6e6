namespace TemporalSagas.Activities;

/// <summary>
/// Error types every domain's activities may raise (DESIGN §6). Each domain keeps its own business error types
/// beside its activities (for example <c>FlightErrors</c>).
/// </summary>
public static class SagaErrorTypes
{
    /// <summary>The same string as the engine's <c>SagaErrors.InvalidInput</c>: workflows and activities both reject input.</summary>
    public const string InvalidInput = "INVALID_INPUT";

    /// <summary>An idempotency key arrived again with a different request.</summary>
    public const string IdempotencyConflict = "IDEMPOTENCY_CONFLICT";

    /// <summary>A late delivery of a step that the saga has already compensated as "did not happen": refused.</summary>
    public const string StepFenced = "STEP_FENCED";

    /// <summary>A failure requested through fault injection (<c>failAt</c>).</summary>
    public const string SimulatedFailure = "SIMULATED_FAILURE";

    /// <summary>A retryable failure requested through fault injection; retries absorb it.</summary>
    public const string SimulatedTransientFailure = "SIMULATED_TRANSIENT_FAILURE";
}
