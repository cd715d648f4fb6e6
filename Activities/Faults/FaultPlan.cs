using System.Text.Json.Serialization;

namespace TemporalSagas.Activities.Faults;

/// <summary>
/// Simulated failures a caller asks for. Honoured only when the worker allows fault injection
/// (<c>Faults:Enabled</c>); otherwise ignored with a warning in the worker log.
/// </summary>
/// <param name="FailAt">Step that fails for good before its effect (non-retryable <c>SIMULATED_FAILURE</c>).</param>
/// <param name="TransientAt">Step that fails <paramref name="TransientFailures"/> times before its effect, then succeeds on retry
/// (counted per step key in the database: across workers, and across a retry an operator orders after the retries ran out).</param>
/// <param name="TransientFailures">How many attempts of <paramref name="TransientAt"/> fail.</param>
/// <param name="FailCompensationOf">Step whose compensation fails <paramref name="CompensationFailures"/> times.</param>
/// <param name="CompensationFailures">Failed compensation calls before it succeeds.</param>
/// <param name="CompensationFailuresRetryable">False (default): each failure is non-retryable, so the saga goes
/// to manual review at once and a retry there succeeds. True: the compensation's retry policy absorbs them.</param>
/// <param name="FailAfterEffectAt">Step whose first attempt commits its effect, then fails (retryable) before the
/// server hears back: the retry must return the first result, not act twice.</param>
/// <param name="CrashAfterEffectAt">Step whose first attempt commits its effect, then kills the worker process
/// (only where <c>Faults:AllowProcessCrash</c> is on): another worker must finish the saga without acting twice.</param>
/// <param name="SlowAt">Step whose outside call takes <paramref name="SlowSeconds"/> and cannot be taken back once
/// sent: cancellation does not stop it, and it takes effect afterwards.</param>
public sealed record FaultPlan(
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 0,
    string? FailCompensationOf = null,
    int CompensationFailures = 1,
    bool CompensationFailuresRetryable = false,
    string? FailAfterEffectAt = null,
    string? CrashAfterEffectAt = null,
    string? SlowAt = null,
    double SlowSeconds = 0)
{
    public const int MaxFailures = 100;
    public const double MaxSlowSeconds = 120;

    [JsonIgnore]
    public bool IsEmpty => Steps.All(s => s is null);

    [JsonIgnore]
    public IEnumerable<string?> Steps => [FailAt, TransientAt, FailCompensationOf, FailAfterEffectAt, CrashAfterEffectAt, SlowAt];

    /// <summary>Every problem with this plan, checked against the saga's step names.</summary>
    public IEnumerable<string> Problems(IReadOnlyCollection<string> knownSteps)
    {
        foreach (var step in Steps.Where(s => s is not null && !knownSteps.Contains(s)))
        {
            yield return $"unknown step '{step}' in the fault plan (steps: {string.Join(", ", knownSteps)})";
        }

        if (TransientFailures is < 0 or > MaxFailures || CompensationFailures is < 0 or > MaxFailures)
        {
            yield return $"fault counts must be between 0 and {MaxFailures}";
        }

        if (SlowSeconds is < 0 or > MaxSlowSeconds || double.IsNaN(SlowSeconds))
        {
            yield return $"slow seconds must be between 0 and {MaxSlowSeconds}";
        }
    }
}
