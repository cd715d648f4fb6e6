using System.Text.Json.Serialization;

namespace TemporalSagas.Workflows.Saga;

[JsonConverter(typeof(JsonStringEnumConverter<ReviewAction>))]
public enum ReviewAction
{
    /// <summary>Run the compensations that failed again (only those, plus any not yet run).</summary>
    RetryCompensations,

    /// <summary>An operator undid the failed steps by hand (or, for a stuck forward step, finished the saga by hand);
    /// the saga ends <see cref="SagaStatus.Resolved"/>.</summary>
    MarkResolved,

    /// <summary>A forward step waiting for review (its failure policy said so, or it came after the pivot): run it again,
    /// with the same idempotency key and a fresh retry budget.</summary>
    RetryStep,

    /// <summary>A compensation waiting for review: the operator undid its step by hand (<see cref="ReviewDecision.Step"/>
    /// names it, the note says how); the saga records it and goes on with the other failed compensations.</summary>
    SkipCompensation,

    /// <summary>A forward step waiting for review, before the pivot: give up on it and compensate the saga.</summary>
    Compensate,
}

/// <summary>Payload of the update (and the compatibility signal) <c>ResolveManualReview</c>.</summary>
/// <param name="Step">The step the decision is about: the compensation to skip (<c>SkipCompensation</c>, required) or
/// the forward step to retry (<c>RetryStep</c>, optional: it must be the one waiting).</param>
public sealed record ReviewDecision(ReviewAction Action, string Operator, string? Note = null, string? Step = null)
{
    public const int MaxOperatorLength = 64;
    public const int MaxNoteLength = 1000;
    public const int MaxStepLength = 100;

    /// <summary>What is wrong with the decision itself, whatever the saga's state.</summary>
    public string? Problem() => this switch
    {
        _ when !Enum.IsDefined(Action) => $"unknown review action '{Action}' (actions: {string.Join(", ", Enum.GetNames<ReviewAction>())})",
        _ when string.IsNullOrWhiteSpace(Operator) => "an operator name is required",
        _ when Operator.Length > MaxOperatorLength => $"the operator name is longer than {MaxOperatorLength} characters",
        _ when Note?.Length > MaxNoteLength => $"the note is longer than {MaxNoteLength} characters",
        _ when Step?.Length > MaxStepLength => $"the step name is longer than {MaxStepLength} characters",
        { Action: ReviewAction.SkipCompensation, Step: null or "" } => "skip needs the compensation's step",
        { Action: ReviewAction.SkipCompensation } when string.IsNullOrWhiteSpace(Note) =>
            "skip needs a note saying how the step was undone by hand",
        _ => null,
    };
}

/// <summary>The answer to an accepted review decision: what the saga will do now.</summary>
/// <param name="Compensations">The compensations (or, for a forward step, the step) the decision is about.</param>
public sealed record ReviewAnswer(ReviewAction Action, string WillDo, IReadOnlyList<string> Compensations);
