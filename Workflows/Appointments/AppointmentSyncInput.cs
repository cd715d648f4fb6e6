using System.Text.Json.Serialization;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Workflows.Appointments;

/// <param name="Action"><c>create</c>, <c>update</c>, <c>cancel</c> or <c>reschedule</c> (<see cref="SyncActions"/>).</param>
/// <param name="NewStartUtc">The new start of a reschedule.</param>
/// <param name="LocalRetryDelay">First wait before the local update is retried after it failed (doubling, at most 1 h).</param>
/// <param name="MaxLocalRetries">Timer retries of the local update before the sync asks for manual review.</param>
public sealed record AppointmentSyncInput(
    string AppointmentId,
    string Action,
    DateTime? NewStartUtc = null,
    string? Reason = null,
    TimeSpan? LocalRetryDelay = null,
    int MaxLocalRetries = 5,
    FaultPlan? Faults = null)
{
    public static readonly TimeSpan DefaultLocalRetryDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaxLocalRetryDelay = TimeSpan.FromHours(1);

    [JsonIgnore]
    public TimeSpan EffectiveLocalRetryDelay => LocalRetryDelay ?? DefaultLocalRetryDelay;

    public IReadOnlyList<string> Problems(DateTime? now = null)
    {
        var problems = new List<string>();
        AppointmentInputChecks.Id(problems, "appointment id", AppointmentId);
        if (!SyncActions.All.Contains(Action))
        {
            problems.Add($"action must be one of {string.Join(", ", SyncActions.All)} (got '{AppointmentInputChecks.Truncate(Action ?? string.Empty)}')");
        }

        if (Action == SyncActions.Reschedule)
        {
            if (NewStartUtc is { } start)
            {
                AppointmentInputChecks.Time(problems, "new start", start, now);
            }
            else
            {
                problems.Add("new start: a reschedule needs one");
            }
        }
        else if (NewStartUtc is not null)
        {
            problems.Add($"new start: only a reschedule takes one (action {Action})");
        }

        if (Reason?.Length > 500)
        {
            problems.Add("reason: at most 500 characters");
        }

        if (EffectiveLocalRetryDelay < TimeSpan.FromSeconds(1) || EffectiveLocalRetryDelay > MaxLocalRetryDelay)
        {
            problems.Add($"local retry delay must be between 1 s and {MaxLocalRetryDelay} (got {EffectiveLocalRetryDelay})");
        }

        if (MaxLocalRetries is < 1 or > 20)
        {
            problems.Add($"max local retries must be 1-20 (got {MaxLocalRetries})");
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems([.. AppointmentSteps.Sync]));
        }

        return problems;
    }
}
