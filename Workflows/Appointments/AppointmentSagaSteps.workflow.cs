using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>What the three appointment sagas share: step options, compensations and "did it happen?" checks.</summary>
internal static class AppointmentSagaSteps
{
    /// <summary>Writes to the worker's own database: local activities.</summary>
    public static StepOptions Local => StepOptions.Default with { Local = true };

    /// <summary>Calls to Cal.com: regular activities that heartbeat (a lost worker is noticed in seconds). The HTTP
    /// client's own timeouts (30 s in total by default) sit inside the 60 s an attempt may take.</summary>
    public static StepOptions Calendar => StepOptions.Default with
    {
        HeartbeatTimeout = TimeSpan.FromSeconds(10),
        StartToCloseTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Patch id of the rate-limit wait (a timer where older code let the step fail).</summary>
    public const string RateLimitWaitPatch = "calcom-rate-limit-wait";

    /// <summary>Rate-limit waits one step may take before its outcome is reported unknown (compensated after a check).</summary>
    public const int MaxRateLimitWaits = 30;

    /// <summary>
    /// Runs a Cal.com call (<paramref name="call"/> of the round: 0, then 1, 2, ... after each wait) and, when Cal.com's
    /// throttler refused it (<c>CALCOM_RATE_LIMITED</c>: 120 requests per 60 s per key, then 429 for 60 s with
    /// <c>X-RateLimit-Reset-Default</c>; <c>apps/api/v2/src/lib/throttler-guard.ts</c>), waits on a durable timer until the
    /// reset and calls again instead of spending the step's retries inside the block. A round &gt; 0 looks the step's key up
    /// before any new POST. Still refused after <see cref="MaxRateLimitWaits"/> waits, the outcome is reported unknown
    /// (retryable type), so the engine checks and compensates rather than dropping the compensation.
    /// </summary>
    public static async Task<T> WithRateLimitWaitsAsync<T>(string step, Func<int, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var round = 0; ; round++)
        {
            try
            {
                return await call(round);
            }
            catch (ActivityFailureException e) when (e.InnerException is ApplicationFailureException app && CalcomErrors.ResetOf(app) is { } reset)
            {
                if (round >= MaxRateLimitWaits || !Workflow.Patched(RateLimitWaitPatch))
                {
                    throw new ApplicationFailureException(
                        $"{step}: Cal.com still rate-limits the API key after {round} wait(s): {app.Message}", e, CalcomErrors.Unavailable, nonRetryable: false);
                }

                var wait = reset + TimeSpan.FromSeconds(1);
                Workflow.Logger.LogWarning(
                    "Saga {SagaId} {Step}: Cal.com rate limit; waiting {Wait} for X-RateLimit-Reset-Default (wait {Round})",
                    Workflow.Info.WorkflowId, step, wait, round + 1);
                await Workflow.DelayWithOptionsAsync(new(wait, $"{step}: Cal.com rate limit, wait for the reset", cancellationToken));
            }
        }
    }

    public static Task<string> CancelCalendarBookingAsync(StepContext undo, string step, BookingSearch search, FaultPlan? faults) =>
        undo.RunAsync((CalendarActivities a) => a.CancelCalendarBookingAsync(new(undo.IdempotencyKey, undo.StepKey, step, search, faults)), "cancel the booking");

    public static Task<bool> CalendarBookingHappenedAsync(StepContext check, BookingSearch search) =>
        check.RunAsync((CalendarActivities a) => a.CalendarBookingHappenedAsync(new(check.StepKey, search)), "is there a booking under the step's key?");

    public static Task<string> SoftDeleteAsync(StepContext undo, string step, FaultPlan? faults) =>
        undo.RunAsync(
            (AppointmentActivities a) => a.SoftDeleteAppointmentAsync(new(undo.IdempotencyKey, undo.StepKey, step, Temporalio.Workflows.Workflow.Info.WorkflowId, faults)),
            "soft delete + audit row");

    // Local appointment steps record their effect with the step's key in the sagas database.
    public static Task<bool> StepHappenedAsync(StepContext check) =>
        check.RunAsync((StepCheckActivities a) => a.StepHappenedAsync(new(check.StepKey)), "did the step take effect?");
}
