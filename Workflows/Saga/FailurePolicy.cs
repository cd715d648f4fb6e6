using System.Text.Json.Serialization;
using Temporalio.Exceptions;

namespace TemporalSagas.Workflows.Saga;

/// <summary>What kind of failure stopped a forward step, once its retries (the step's <see cref="StepOptions.RetryPolicy"/>)
/// are over.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureClass>))]
public enum FailureClass
{
    /// <summary>The system said no before doing anything: a non-retryable application failure (of a type the policy
    /// names, when it names any) on the first attempt.</summary>
    Refusal,

    /// <summary>A fault that retrying could have healed, still failing when the retries ran out.</summary>
    Exhausted,

    /// <summary>The step may have taken effect: it timed out, its worker was lost, or a refusal came on a redelivery.</summary>
    Unknown,

    /// <summary>The saga was cancelled or reached its deadline while the step ran. Before the pivot this always
    /// compensates; after it the saga goes forward (<see cref="StepOptions.Pivot"/>).</summary>
    Cancelled,
}

/// <summary>What the saga does about a failure class.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FailureAction>))]
public enum FailureAction
{
    /// <summary>Unwind: run the compensations of the steps done so far, newest first (the default).</summary>
    Compensate,

    /// <summary>Stop and wait for an operator: retry the step, compensate, or mark the saga resolved
    /// (the update <c>ResolveManualReview</c>). Nothing is undone while the saga waits.</summary>
    Review,

    /// <summary>Go on without the step (an optional step): it is logged Skipped; its compensation stays on the stack
    /// when its outcome is unknown. Only <see cref="SagaEngine.OptionalStepAsync{T}"/> steps may continue.</summary>
    Continue,
}

/// <summary>
/// A step's failure policy, declared once beside the step: what each <see cref="FailureClass"/> means for the saga.
/// <see cref="Default"/> is the engine's behaviour before policies existed: every failure compensates.
/// </summary>
/// <param name="RefusalTypes">The error types that count as a refusal; empty: every non-retryable application failure.
/// A non-retryable failure of another type counts as <see cref="FailureClass.Exhausted"/>.</param>
public sealed record FailurePolicy(
    FailureAction OnRefusal = FailureAction.Compensate,
    FailureAction OnExhausted = FailureAction.Compensate,
    FailureAction OnUnknown = FailureAction.Compensate,
    IReadOnlyList<string>? RefusalTypes = null)
{
    /// <summary>Every failure compensates the saga.</summary>
    public static FailurePolicy Default { get; } = new();

    /// <summary>An optional step: whatever fails, the saga goes on.</summary>
    public static FailurePolicy Optional { get; } = new(FailureAction.Continue, FailureAction.Continue, FailureAction.Continue);

    /// <summary>A refusal compensates; a step still failing after its retries, or whose outcome is unknown, waits for an
    /// operator instead of undoing the steps before it.</summary>
    public static FailurePolicy ReviewWhenStuck { get; } = new(OnExhausted: FailureAction.Review, OnUnknown: FailureAction.Review);

    /// <summary>What <paramref name="failure"/> means for the saga.</summary>
    public FailureAction For(FailureClass failure) => failure switch
    {
        FailureClass.Refusal => OnRefusal,
        FailureClass.Exhausted => OnExhausted,
        FailureClass.Unknown => OnUnknown,
        _ => FailureAction.Compensate,
    };

    /// <summary>The class of <paramref name="e"/>, a step's failure; <paramref name="stopping"/>: the saga was cancelled
    /// or reached its deadline.</summary>
    public FailureClass Classify(Exception e, bool stopping)
    {
        if (stopping || e is OperationCanceledException or ActivityFailureException { InnerException: CanceledFailureException })
        {
            return FailureClass.Cancelled;
        }

        if (SagaFailures.OutcomeUnknown(e) && !IsRetryExhausted(e))
        {
            return FailureClass.Unknown;
        }

        var app = e as ApplicationFailureException ?? (e as ActivityFailureException)?.InnerException as ApplicationFailureException;
        return app switch
        {
            { NonRetryable: true } when SagaFailures.RaisedOnRedelivery(app) => FailureClass.Unknown,
            { NonRetryable: true } when RefusalTypes is not { Count: > 0 } || RefusalTypes.Contains(app.ErrorType ?? string.Empty) =>
                FailureClass.Refusal,
            _ => FailureClass.Exhausted,
        };
    }

    // Retries that ran out on application failures (not on timeouts): each attempt reported a fault, so the step is
    // known to have failed each time. A timeout on the last attempt leaves the outcome unknown.
    private static bool IsRetryExhausted(Exception e) => e is ActivityFailureException
    {
        InnerException: ApplicationFailureException { NonRetryable: false },
    } || e is ApplicationFailureException { NonRetryable: false };

    /// <summary>Why this policy cannot be used, or null.</summary>
    public string? Problem(bool optional) =>
        !optional && (OnRefusal == FailureAction.Continue || OnExhausted == FailureAction.Continue || OnUnknown == FailureAction.Continue)
            ? "only an optional step may continue after a failure (SagaEngine.OptionalStepAsync)"
            : null;
}
