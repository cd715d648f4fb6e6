using Temporalio.Exceptions;
using TemporalSagas.Activities;

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
    /// A step failed for certain only when its <em>first</em> attempt reported a non-retryable application failure
    /// (a business error, raised before any effect). The same failure on a later attempt leaves the outcome unknown:
    /// an earlier attempt may have committed and lost its answer (a redelivery that then finds no seats left, or its
    /// key already used). Cancellation, timeouts, a lost worker or exhausted retries leave the outcome unknown too.
    /// </summary>
    public static bool OutcomeUnknown(Exception e) => e switch
    {
        ActivityFailureException { InnerException: ApplicationFailureException { NonRetryable: true } app } => RaisedOnRedelivery(app),
        ApplicationFailureException { NonRetryable: true } app => RaisedOnRedelivery(app),
        _ => true,
    };

    /// <summary>
    /// The attempt a <see cref="BusinessFailure"/> carries in its details, greater than 1. A failure without them
    /// (raised by other code, or recorded before failures carried their attempt) counts as raised on attempt 1, so
    /// recorded histories replay with the commands they had.
    /// </summary>
    public static bool RaisedOnRedelivery(ApplicationFailureException failure)
    {
        if (failure.Details.Count == 0)
        {
            return false;
        }

        try
        {
            return failure.Details.ElementAt<BusinessFailureDetails>(0) is { Attempt: > 1 };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Details of another shape: not a business failure of ours.
            return false;
        }
    }
}
