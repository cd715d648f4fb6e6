using Temporalio.Exceptions;

namespace TemporalSagas.Workflows.Saga;

/// <summary>How the engine reads a failure: its message and stable type, and whether the step may have taken effect.</summary>
internal static class SagaFailures
{
    public static bool IsFailure(Exception e) => e is FailureException or OperationCanceledException;

    public static (string Message, string Type) Describe(Exception e) => e switch
    {
        ActivityFailureException { InnerException: ApplicationFailureException app } =>
            (app.Message, app.ErrorType ?? SagaErrors.ActivityFailed),
        ActivityFailureException { InnerException: TimeoutFailureException timeout } =>
            ($"activity timed out ({timeout.TimeoutType})", SagaErrors.ActivityTimeout),
        ActivityFailureException { InnerException: CanceledFailureException } => ("cancelled", SagaErrors.Cancelled),
        ActivityFailureException other => (other.InnerException?.Message ?? other.Message, SagaErrors.ActivityFailed),
        ApplicationFailureException app => (app.Message, app.ErrorType ?? SagaErrors.ActivityFailed),
        OperationCanceledException or CanceledFailureException => ("cancelled", SagaErrors.Cancelled),
        _ => (e.Message, e.GetType().Name),
    };

    /// <summary>
    /// A step failed for certain only when its activity reported a non-retryable application failure (a business
    /// error, raised before any effect). Cancellation, timeouts, a lost worker or exhausted retries leave the outcome
    /// unknown: the step may have taken effect.
    /// </summary>
    public static bool OutcomeUnknown(Exception e) => e switch
    {
        ActivityFailureException { InnerException: ApplicationFailureException { NonRetryable: true } } => false,
        ApplicationFailureException { NonRetryable: true } => false,
        _ => true,
    };
}
