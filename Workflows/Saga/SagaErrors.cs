namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// Error types the engine itself produces. Business error types belong to the domain that raises them
/// (the activities); <see cref="InvalidInput"/> is shared on purpose: workflows and activities both reject input.
/// </summary>
public static class SagaErrors
{
    public const string InvalidInput = "INVALID_INPUT";
    public const string SagaTimeout = "SAGA_TIMEOUT";
    public const string Cancelled = "CANCELLED";
    public const string ActivityTimeout = "ACTIVITY_TIMEOUT";
    public const string ActivityFailed = "ACTIVITY_FAILED";

    /// <summary>The saga's input could not be checked (its validation activity failed after its bounded retries).</summary>
    public const string ValidationUnavailable = "VALIDATION_UNAVAILABLE";

    /// <summary>A review decision the saga cannot take now (not awaiting review, unknown action, already decided).</summary>
    public const string ReviewRejected = "REVIEW_REJECTED";
}
