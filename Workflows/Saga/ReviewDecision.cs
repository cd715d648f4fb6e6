using System.Text.Json.Serialization;

namespace TemporalSagas.Workflows.Saga;

[JsonConverter(typeof(JsonStringEnumConverter<ReviewAction>))]
public enum ReviewAction
{
    /// <summary>Run the compensations that failed again (only those, plus any not yet run).</summary>
    RetryCompensations,

    /// <summary>An operator undid the failed steps by hand; the saga ends <see cref="SagaStatus.Resolved"/>.</summary>
    MarkResolved,
}

/// <summary>Payload of the update (and the compatibility signal) <c>ResolveManualReview</c>.</summary>
public sealed record ReviewDecision(ReviewAction Action, string Operator, string? Note = null)
{
    public const int MaxOperatorLength = 64;
    public const int MaxNoteLength = 1000;

    public string? Problem() => this switch
    {
        _ when !Enum.IsDefined(Action) => $"unknown review action '{Action}' (actions: {string.Join(", ", Enum.GetNames<ReviewAction>())})",
        _ when string.IsNullOrWhiteSpace(Operator) => "an operator name is required",
        _ when Operator.Length > MaxOperatorLength => $"the operator name is longer than {MaxOperatorLength} characters",
        _ when Note?.Length > MaxNoteLength => $"the note is longer than {MaxNoteLength} characters",
        _ => null,
    };
}

/// <summary>The answer to an accepted review decision: what the saga will do now.</summary>
public sealed record ReviewAnswer(ReviewAction Action, string WillDo, IReadOnlyList<string> Compensations);
