using System.Text.Json.Serialization;

namespace TemporalSagas.Activities.Faults;

/// <summary>
/// Simulated failures a caller asks for. Honoured only when the worker allows fault injection
/// (<c>Faults:Enabled</c>); otherwise ignored with a warning in the worker log.
/// </summary>
/// <param name="FailAt">Step that fails for good (non-retryable <c>SIMULATED_FAILURE</c>).</param>
/// <param name="TransientAt">Step that fails <paramref name="TransientFailures"/> times, then succeeds on retry.</param>
/// <param name="TransientFailures">How many attempts of <paramref name="TransientAt"/> fail.</param>
/// <param name="FailCompensationOf">Step whose compensation fails <paramref name="CompensationFailures"/> times.</param>
/// <param name="CompensationFailures">Failed compensation calls before it succeeds; the default outlasts the
/// compensation retry policy (5 attempts), so the saga goes to manual review and a retry there succeeds.</param>
public sealed record FaultPlan(
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 0,
    string? FailCompensationOf = null,
    int CompensationFailures = 5)
{
    [JsonIgnore]
    public bool IsEmpty => FailAt is null && TransientAt is null && FailCompensationOf is null;
}
