using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Appointments;

/// <summary>
/// Brings Cal.com and the local appointment to one state: call Cal.com (create, update, cancel or reschedule) →
/// update the local status and booking (<c>synced</c>). One sync per appointment at a time: the workflow id is
/// <c>appointment-sync-{appointmentId}</c> and a second start while one runs is rejected.
/// <list type="bullet">
/// <item>The local update fails transiently after Cal.com succeeded: Cal.com is not undone; the appointment is marked
/// <c>error</c>, the first outcome is <c>{success: false, willRetry: true}</c>, and the local update is retried on a
/// durable timer with backoff; still failing after <c>MaxLocalRetries</c>, the appointment is marked
/// <c>manual_review_required</c> and the saga waits for <c>ResolveManualReview</c>.</item>
/// <item>The local update refuses the change (the appointment changed meanwhile): the Cal.com change is compensated
/// (a reschedule moved back, a created booking cancelled). If that restore fails, the appointment is marked
/// <c>manual_review_required</c> and the engine waits for <c>ResolveManualReview</c>.</item>
/// </list>
/// </summary>
[Workflow]
[SagaWorkflow(SagaType, IdPrefix)]
public class AppointmentSyncWorkflow
{
    public const string SagaType = "AppointmentSync";
    public const string IdPrefix = "appointment-sync-";

    /// <summary>Patch ids of the sync's newer commands (issue 17): a refusal goes to review at once; per-round review
    /// marks; the local update finished forward when a saga is cancelled after Cal.com cancelled.</summary>
    private const string RefusalReviewPatch = "sync-refusal-goes-to-review";
    private const string PerRoundMarkPatch = "sync-mark-manual-review-per-round";
    private const string FinishForwardPatch = "sync-cancel-finish-forward";

    private readonly SagaEngine saga = new(SagaType);
    private readonly LocalSyncReview localReview = new();
    private AppointmentSyncInput input = null!;
    private AppointmentSnapshot? snapshot;
    private AppointmentSyncResult? outcome;
    private int reviewRecords;
    private int detachedMarks;

    public static string WorkflowId(string appointmentId) => IdPrefix + appointmentId;

    private static string SagaId => Workflow.Info.WorkflowId;

    [WorkflowQuery]
    public SagaState GetState() => localReview.IsOpen ? saga.State with { Status = SagaStatus.ManualReviewRequired } : saga.State;

    /// <summary>The first outcome (null until there is one): <c>willRetry</c> while the local update is retried.</summary>
    [WorkflowQuery]
    public AppointmentSyncResult? GetOutcome() => outcome;

    [WorkflowUpdateValidator(nameof(ResolveManualReviewAsync))]
    public void ValidateResolveManualReview(ReviewDecision decision)
    {
        if (localReview.IsOpen)
        {
            localReview.Validate(decision);
        }
        else
        {
            saga.ValidateReview(decision);
        }
    }

    [WorkflowUpdate]
    public Task<ReviewAnswer> ResolveManualReviewAsync(ReviewDecision decision) =>
        localReview.IsOpen ? Task.FromResult(localReview.Accept(decision)) : saga.ResolveReviewAsync(decision);

    [WorkflowSignal("ResolveManualReview")]
    public Task ResolveManualReviewSignalAsync(ReviewDecision decision)
    {
        if (localReview.IsOpen)
        {
            localReview.Signal(decision);
            return Task.CompletedTask;
        }

        return saga.SignalReviewAsync(decision);
    }

    [WorkflowRun]
    public async Task<AppointmentSyncResult> RunAsync(AppointmentSyncInput input)
    {
        this.input = input;
        var result = await saga.RunAsync(SyncAsync, state => AppointmentSyncResult.FromFailure(state, input), ValidateAsync);
        if (saga.State.Reviews?.LastOrDefault() is { } review && result.Status is SagaStatus.Resolved or SagaStatus.Compensated)
        {
            // The engine's review (a failed restore) ended: record the decision on the appointment.
            await RecordReviewAsync(review.Action, review.Operator, review.Note, markSynced: review.Action == ReviewAction.MarkResolved);
            result = result with { SyncStatus = AppointmentStatuses.Synced };
        }

        outcome = result;
        await Workflow.WaitConditionAsync(() => Workflow.AllHandlersFinished);
        return result;
    }

    private async Task<AppointmentSyncResult> SyncAsync(SagaEngine s)
    {
        var before = snapshot!;
        var faults = input.Faults;
        var calendarStep = AppointmentSteps.CalcomStepFor(input.Action);
        var search = new BookingSearch(before.CustomerEmail, before.StartUtc, before.LengthMinutes);
        Func<StepContext, Task<string>>? undo = input.Action switch
        {
            SyncActions.Create => u => AppointmentSagaSteps.CancelCalendarBookingAsync(u, calendarStep, search, faults),
            SyncActions.Reschedule => RestoreAsync,
            _ => null, // a cancel cannot be taken back at Cal.com; an update only reads
        };
        Func<StepContext, Task<bool>>? check = input.Action == SyncActions.Create ? c => AppointmentSagaSteps.CalendarBookingHappenedAsync(c, search) : null;

        BookingResult booking;
        try
        {
            booking = await s.StepAsync(
                calendarStep,
                step => AppointmentSagaSteps.WithRateLimitWaitsAsync(
                    step.Step,
                    round => step.RunAsync(
                        (CalendarActivities a) => a.ChangeCalendarBookingAsync(new(
                            step.IdempotencyKey, calendarStep, input.Action, before, input.NewStartUtc, input.Reason ?? $"sync {input.Action}", faults, round)),
                        input.Action == SyncActions.Reschedule ? $"reschedule to {input.NewStartUtc:u}" : input.Action),
                    s.CancellationToken),
                undo,
                check,
                AppointmentSagaSteps.Calendar);
        }
        catch (Exception) when (MustFinishForward(s))
        {
            // Cancelled while Cal.com cancelled: the outside cancel may have happened and cannot be undone.
            await FinishForwardAsync(null);
            throw;
        }

        try
        {
            return await ApplyAndRetryAsync(s, booking);
        }
        catch (Exception) when (MustFinishForward(s))
        {
            // Issue 17 item 7: Cal.com cancelled the booking and nothing can take that back; the saga's cancel must not
            // leave the appointment scheduled, pointing at a cancelled booking. Finish the local update forward.
            await FinishForwardAsync(booking);
            throw;
        }
    }

    private async Task<AppointmentSyncResult> ApplyAndRetryAsync(SagaEngine s, BookingResult booking)
    {
        var newStatus = NewStatus(booking);
        var canCompensate = input.Action is SyncActions.Create or SyncActions.Reschedule;
        var (applied, refused) = await ApplyAsync(s, AppointmentSteps.UpdateLocalAppointment, booking, newStatus, canCompensate);
        if (applied is not null)
        {
            return Synced(s, booking, applied, retries: 0);
        }

        if (refused is null)
        {
            await MarkAsync(s, AppointmentSteps.MarkSyncError, AppointmentStatuses.Error, $"local update after Cal.com {input.Action} failed; retrying on a timer");

            // Published once the appointment says "error", so a caller reading the database sees the same.
            outcome = new AppointmentSyncResult(
                false, true, input.AppointmentId, input.Action, SagaId, SagaStatus.Running, AppointmentStatuses.Error, booking.Uid, 0, s.State.StepsCompleted,
                s.State.Steps, null, AppointmentSteps.UpdateLocalAppointment, "Cal.com took the change; the local update failed and will be retried");
        }
        else
        {
            outcome = new AppointmentSyncResult(
                false, false, input.AppointmentId, input.Action, SagaId, SagaStatus.Running, AppointmentStatuses.ManualReviewRequired, booking.Uid, 0,
                s.State.StepsCompleted, s.State.Steps, null, AppointmentSteps.UpdateLocalAppointment,
                $"Cal.com took the change; the local update refused it ({refused}) and needs review");
        }

        var retries = 0;
        var reviews = 0;
        while (true)
        {
            var delay = input.EffectiveLocalRetryDelay;
            for (var round = 1; refused is null && round <= input.MaxLocalRetries; round++)
            {
                await Workflow.DelayWithOptionsAsync(new(delay, $"retry the local update ({round}/{input.MaxLocalRetries})", s.CancellationToken));
                retries++;
                (applied, refused) = await ApplyAsync(s, AppointmentSteps.RetryLocalUpdate, booking, newStatus, canCompensate: false);
                if (applied is not null)
                {
                    return Synced(s, booking, applied, retries);
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, AppointmentSyncInput.MaxLocalRetryDelay.Ticks));
            }

            var reason = refused is null
                ? $"the local update still fails after {retries} timer retries; Cal.com holds booking {booking.Uid}"
                : $"the local update was refused for good ({refused}); Cal.com holds booking {booking.Uid}";

            // Each review round marks under its own key: the second round's reason differs, and reusing the first
            // round's key would be an IDEMPOTENCY_CONFLICT (swallowed by the optional step).
            reviews++;
            var markStep = reviews == 1 || !Workflow.Patched(PerRoundMarkPatch)
                ? AppointmentSteps.MarkManualReview
                : $"{AppointmentSteps.MarkManualReview}_{reviews}";
            await MarkAsync(s, markStep, AppointmentStatuses.ManualReviewRequired, reason);
            outcome = outcome with { SyncStatus = AppointmentStatuses.ManualReviewRequired, WillRetry = false, LocalRetries = retries };
            var decision = await localReview.WaitAsync(reason, TimeSpan.FromHours(24));
            var resolved = decision.Action == ReviewAction.MarkResolved;
            await RecordReviewAsync(decision.Action, decision.Operator, decision.Note, markSynced: resolved);
            if (resolved)
            {
                return new AppointmentSyncResult(
                    false, false, input.AppointmentId, input.Action, SagaId, SagaStatus.Completed, AppointmentStatuses.Synced, booking.Uid, retries,
                    s.State.StepsCompleted, s.State.Steps, $"{decision.Action} by {decision.Operator}");
            }

            refused = null; // the operator asks for another round of the local update
        }
    }

    private bool MustFinishForward(SagaEngine s) =>
        input.Action == SyncActions.Cancel && s.CancellationToken.IsCancellationRequested && Workflow.Patched(FinishForwardPatch);

    /// <summary>
    /// The local half of a cancel that Cal.com may already have done, run although the saga is cancelled (detached from
    /// its cancellation): read the booking when the Cal.com step's answer is unknown, then apply it under the sync's key
    /// (a no-op when the local update already applied). Best effort: a failure is logged (and <c>verify</c> reports it).
    /// </summary>
    private async Task FinishForwardAsync(BookingResult? booking)
    {
        try
        {
            if (booking is null)
            {
                var read = new CalendarChangeRequest(
                    SagaEngine.KeyFor($"FINISH_{AppointmentSteps.CalcomUpdate}"), $"FINISH_{AppointmentSteps.CalcomUpdate}", SyncActions.Update, snapshot!, null, "read after a cancelled sync");
                booking = await Workflow.ExecuteActivityAsync(
                    (CalendarActivities a) => a.ChangeCalendarBookingAsync(read),
                    new ActivityOptions
                    {
                        StartToCloseTimeout = TimeSpan.FromSeconds(60),
                        HeartbeatTimeout = TimeSpan.FromSeconds(10),
                        RetryPolicy = new() { MaximumAttempts = 10, InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(30) },
                        CancellationToken = CancellationToken.None,
                        Summary = "cancelled sync: read the booking Cal.com has now",
                    });
            }

            var status = booking.Status is CalendarBooking.Cancelled or CalendarBooking.Rejected ? AppointmentStatuses.Cancelled : snapshot!.Status;
            var request = new ApplySyncRequest(
                SagaEngine.KeyFor($"FINISH_{AppointmentSteps.UpdateLocalAppointment}"), $"FINISH_{AppointmentSteps.UpdateLocalAppointment}",
                SagaEngine.KeyFor(AppointmentSteps.UpdateLocalAppointment), SagaId, input.Action, snapshot!.Version, input.AppointmentId, booking, status);
            await Workflow.ExecuteLocalActivityAsync(
                (AppointmentActivities a) => a.ApplySyncAsync(request),
                new LocalActivityOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    RetryPolicy = new() { MaximumAttempts = 10, InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(30) },
                    CancellationToken = CancellationToken.None,
                    Summary = $"cancelled sync: finish the local update forward ({status})",
                });
            Workflow.Logger.LogWarning("Sync {SagaId} was cancelled after Cal.com's cancel; the local update was finished forward ({Status})", SagaId, status);
        }
        catch (FailureException e)
        {
            Workflow.Logger.LogError(
                "Sync {SagaId} was cancelled after Cal.com's cancel and the local update could not be finished: {Error}; run appointment verify",
                SagaId, e.InnerException?.Message ?? e.Message);
        }
    }

    /// <summary>The local update: (applied, null) on success; (null, null) when it failed in a way the timer retries;
    /// (null, reason) when it was refused for good and nothing can be compensated (review at once). A refusal of a change
    /// that can be compensated fails the saga, which undoes the Cal.com change.</summary>
    private async Task<(SyncApplied? Applied, string? Refused)> ApplyAsync(SagaEngine s, string step, BookingResult booking, string newStatus, bool canCompensate)
    {
        var syncKey = SagaEngine.KeyFor(AppointmentSteps.UpdateLocalAppointment);
        try
        {
            return (await s.StepAsync(
                step,
                st => st.RunAsync(
                    (AppointmentActivities a) => a.ApplySyncAsync(new(
                        st.IdempotencyKey, step, syncKey, SagaId, input.Action, snapshot!.Version, input.AppointmentId, booking, newStatus, input.Faults)),
                    $"{newStatus}, booking {booking.Uid}"),
                stepOptions: LocalUpdate), null);
        }
        catch (FailureException e) when (e is not CanceledFailureException && !s.CancellationToken.IsCancellationRequested && !(canCompensate && IsRefusal(e)))
        {
            var message = e.InnerException?.Message ?? e.Message;
            Workflow.Logger.LogWarning("Sync {SagaId}: {Step} failed ({Error}); Cal.com is left as it is", SagaId, step, message);

            // A permanent refusal (APPOINTMENT_CHANGED, APPOINTMENT_NOT_FOUND) is not retried on the timer as if transient.
            return (null, IsRefusal(e) && Workflow.Patched(RefusalReviewPatch) ? message : null);
        }
    }

    // Cal.com's state is only undone when the local side refused the change for good, never for a transient error.
    // A local activity's failure may arrive as the activity's own ApplicationFailureException, a remote one wrapped.
    private static bool IsRefusal(FailureException e) =>
        (e is ActivityFailureException ? e.InnerException : e) is ApplicationFailureException { NonRetryable: true };

    /// <summary>A few quick attempts in the worker; longer outages are the durable timer's job.</summary>
    private static StepOptions LocalUpdate => AppointmentSagaSteps.Local with
    {
        RetryPolicy = new() { MaximumAttempts = 3, InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2 },
    };

    private async Task<string> RestoreAsync(StepContext undo)
    {
        var step = AppointmentSteps.CalcomReschedule;
        try
        {
            return await undo.RunAsync(
                (CalendarActivities a) => a.RestoreCalendarBookingAsync(new(undo.IdempotencyKey, undo.StepKey, step, SagaId, snapshot!, input.Faults)),
                $"move the booking back to {snapshot!.StartUtc:u}");
        }
        catch (FailureException e)
        {
            // The engine goes to manual review next: say so on the appointment first.
            await MarkDetachedAsync(
                AppointmentStatuses.ManualReviewRequired, $"restoring the booking's previous time failed: {e.InnerException?.Message ?? e.Message}");
            throw;
        }
    }

    private string NewStatus(BookingResult booking) => input.Action switch
    {
        SyncActions.Create => AppointmentStatuses.Scheduled,
        SyncActions.Cancel => AppointmentStatuses.Cancelled,
        SyncActions.Reschedule => AppointmentStatuses.Rescheduled,
        _ when booking.Status is CalendarBooking.Cancelled or CalendarBooking.Rejected => AppointmentStatuses.Cancelled,
        _ when snapshot!.Status == AppointmentStatuses.Pending => AppointmentStatuses.Scheduled,
        _ => snapshot!.Status,
    };

    private AppointmentSyncResult Synced(SagaEngine s, BookingResult booking, SyncApplied applied, int retries)
    {
        var result = new AppointmentSyncResult(
            true, false, input.AppointmentId, input.Action, SagaId, SagaStatus.Completed, applied.SyncStatus, booking.Uid, retries, s.State.StepsCompleted,
            s.State.Steps);
        outcome ??= result;
        return result;
    }

    private Task MarkAsync(SagaEngine s, string step, string syncStatus, string reason) =>
        s.OptionalStepAsync(
            step,
            st => st.RunAsync((AppointmentActivities a) => a.MarkSyncStatusAsync(new(st.IdempotencyKey, input.AppointmentId, SagaId, syncStatus, reason)), syncStatus),
            stepOptions: AppointmentSagaSteps.Local);

    private Task MarkDetachedAsync(string syncStatus, string reason)
    {
        // One key per mark: a second failed restore (after a review's retry) has another reason.
        var step = ++detachedMarks == 1 || !Workflow.Patched(PerRoundMarkPatch)
            ? AppointmentSteps.MarkManualReview
            : $"{AppointmentSteps.MarkManualReview}_RESTORE_{detachedMarks}";
        var request = new MarkSyncStatusRequest(SagaEngine.KeyFor(step), input.AppointmentId, SagaId, syncStatus, reason);
        return Workflow.ExecuteLocalActivityAsync(
            (AppointmentActivities a) => a.MarkSyncStatusAsync(request),
            new LocalActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                RetryPolicy = new() { MaximumAttempts = 10, InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(30) },
                CancellationToken = CancellationToken.None,
                Summary = $"{AppointmentSteps.MarkManualReview}: {syncStatus}",
            });
    }

    private Task RecordReviewAsync(ReviewAction action, string by, string? note, bool markSynced)
    {
        var request = new RecordReviewRequest(
            SagaEngine.KeyFor($"{AppointmentSteps.RecordReview}_{++reviewRecords}"), input.AppointmentId, SagaId, action.ToString(), by, note, markSynced);
        return Workflow.ExecuteLocalActivityAsync(
            (AppointmentActivities a) => a.RecordReviewAsync(request),
            new LocalActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),
                RetryPolicy = new() { MaximumAttempts = 10, InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(30) },
                CancellationToken = CancellationToken.None,
                Summary = $"{AppointmentSteps.RecordReview}: {action} by {by}",
            });
    }

    private async Task<IReadOnlyList<string>> ValidateAsync()
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            return problems;
        }

        var request = new SyncCheckRequest(input.AppointmentId, input.Action, input.NewStartUtc);
        var check = await SagaValidation.RunAsync(
            (AppointmentActivities a) => a.CheckSyncAsync(request),
            "read the appointment");
        snapshot = check.Snapshot;
        return check.Problems;
    }
}
