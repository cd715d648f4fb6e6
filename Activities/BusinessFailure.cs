using Temporalio.Exceptions;

namespace TemporalSagas.Activities;

/// <summary>Non-retryable failures with a stable error type; raised before any side effect.</summary>
public static class BusinessFailure
{
    public static ApplicationFailureException Create(string errorType, string message) =>
        new(message, errorType, nonRetryable: true);

    public static ApplicationFailureException InvalidInput(string message) => Create(SagaErrorTypes.InvalidInput, message);
}
