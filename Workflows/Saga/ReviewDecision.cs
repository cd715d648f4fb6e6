using System.Text.Json.Serialization;

namespace TemporalSagas.Workflows.Saga;

[JsonConverter(typeof(JsonStringEnumConverter<ReviewAction>))]
public enum ReviewAction
{
    /// <summary>Run the compensations that failed again (only those).</summary>
    RetryCompensations,

    /// <summary>An operator undid the failed steps by hand; the saga ends <see cref="SagaStatus.Resolved"/>.</summary>
    MarkResolved,
}

/// <summary>Payload of the signal <c>ResolveManualReview</c>.</summary>
public sealed record ReviewDecision(ReviewAction Action, string Operator, string? Note = null)
{
    public string? Problem() => string.IsNullOrWhiteSpace(Operator) ? "an operator name is required" : null;
}
