using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalSagas.Activities;

/// <summary>
/// Non-retryable failures with a stable error type, raised before any side effect <em>of this attempt</em>. Each
/// carries the attempt that raised it (<see cref="BusinessFailureDetails"/>): on attempt 1 nothing happened, but on a
/// redelivery an earlier attempt may have taken effect (its commit landed, its answer was lost), so the engine treats
/// it as "outcome unknown" — checked, then compensated — rather than as "no effect".
/// </summary>
public static class BusinessFailure
{
    public static ApplicationFailureException Create(string errorType, string message) =>
        new(message, errorType, nonRetryable: true, details: [new BusinessFailureDetails(CurrentAttempt)]);

    public static ApplicationFailureException InvalidInput(string message) => Create(SagaErrorTypes.InvalidInput, message);

    // Outside an activity (a direct call, a test) it is the first attempt.
    private static int CurrentAttempt => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;
}

/// <summary>The first detail of a <see cref="BusinessFailure"/>: which delivery of the activity raised it.</summary>
public sealed record BusinessFailureDetails(int Attempt);
