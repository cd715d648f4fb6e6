using System.Collections.Concurrent;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;

namespace TemporalSagas.Tests.Workflows.Appointments;

/// <summary>Stands in for the appointment and calendar activities under the same names; fails where told to.</summary>
public sealed class FakeAppointmentActivities
{
    private readonly ConcurrentDictionary<string, int> callsByStep = new();

    public static readonly DateTime Start = new(2031, 5, 5, 9, 0, 0, DateTimeKind.Utc);

    public ConcurrentQueue<string> Calls { get; } = new();

    public ConcurrentQueue<MarkSyncStatusRequest> Marks { get; } = new();

    public ConcurrentQueue<RecordReviewRequest> Reviews { get; } = new();

    /// <summary>Step → (error type, non-retryable, how many calls fail; -1 = all).</summary>
    public Dictionary<string, (string Type, bool NonRetryable, int Times)> Failures { get; } = [];

    /// <summary>How many calls of the restore compensation fail (non-retryably).</summary>
    public int RestoreFailures { get; set; }

    /// <summary>How many calls of the booking create are refused by Cal.com's rate limit (429, reset in 60 s).</summary>
    public int RateLimitedCreates { get; set; }

    /// <summary>When set, the sync's Cal.com call waits for it (a request already sent finishes whatever the workflow does).</summary>
    public TaskCompletionSource? ChangeGate { get; set; }

    /// <summary>Set once the sync's Cal.com call has started.</summary>
    public TaskCompletionSource ChangeStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<ApplySyncRequest> Applied { get; } = new();

    private readonly ConcurrentDictionary<string, string> markReasons = new();

    public AppointmentSnapshot Snapshot { get; set; } = new("apt-1", 3, AppointmentStatuses.Scheduled, AppointmentStatuses.Synced, "bk-1", Start, Start.AddMinutes(30), "ann@example.com", "Ann", 1000);

    public IEnumerable<string> Compensations => Calls.Where(c => c.StartsWith("COMPENSATE_", StringComparison.Ordinal));

    [Activity("CheckBookingInput")]
    public Task<BookingInputCheck> CheckBookingInputAsync(BookingInputCheckRequest request) =>
        Task.FromResult(new BookingInputCheck([], request.StaffIds.Distinct().ToDictionary(s => s, _ => 1001)));

    [Activity("CheckSync")]
    public Task<SyncCheck> CheckSyncAsync(SyncCheckRequest request) => Task.FromResult(new SyncCheck([], Snapshot));

    [Activity("EnsureCustomer")]
    public Task<CustomerEnsured> EnsureCustomerAsync(EnsureCustomerRequest request) =>
        Run(AppointmentSteps.EnsureCustomer, new CustomerEnsured("cus-1", true));

    [Activity("CreateCalendarBooking")]
    public Task<BookingResult> CreateCalendarBookingAsync(CreateBookingRequest request)
    {
        if (RateLimitedCreates > 0)
        {
            RateLimitedCreates--;
            Calls.Enqueue($"429:{request.Step}");
            throw new ApplicationFailureException("Cal.com create booking: HTTP 429 ThrottlerException", "CALCOM_RATE_LIMITED", nonRetryable: true, details: [60.0]);
        }

        return Run(request.Step, new BookingResult($"bk-{request.Step}", 1, CalendarBooking.Accepted, request.StartUtc, request.StartUtc.AddMinutes(request.LengthMinutes), [101], "fake"));
    }

    [Activity("CancelCalendarBooking")]
    public Task<string> CancelCalendarBookingAsync(BookingUndoRequest request) => Undo(request.Step);

    [Activity("CalendarBookingHappened")]
    public Task<bool> CalendarBookingHappenedAsync(BookingCheckRequest request)
    {
        Calls.Enqueue($"CHECK:{request.StepKey.Split('/')[^1]}");
        return Task.FromResult(true);
    }

    [Activity("CreateLocalAppointment")]
    public Task<LocalAppointmentCreated> CreateLocalAppointmentAsync(CreateLocalAppointmentRequest request) =>
        Run(AppointmentSteps.CreateLocalAppointment, new LocalAppointmentCreated(request.AppointmentId, AppointmentStatuses.Scheduled, AppointmentStatuses.Synced));

    [Activity("SoftDeleteAppointment")]
    public Task<string> SoftDeleteAppointmentAsync(AppointmentUndoRequest request) => Undo(request.Step);

    [Activity("AssignStaff")]
    public Task<StaffAssigned> AssignStaffAsync(AssignStaffRequest request) => Run(AppointmentSteps.AssignStaff, new StaffAssigned("staff-ada", "Ada"));

    [Activity("ChangeCalendarBooking")]
    public async Task<BookingResult> ChangeCalendarBookingAsync(CalendarChangeRequest request)
    {
        ChangeStarted.TrySetResult();
        if (ChangeGate is { } gate)
        {
            await gate.Task;
        }

        var start = request.NewStartUtc ?? request.Snapshot.StartUtc;
        var status = request.Action == SyncActions.Cancel ? CalendarBooking.Cancelled : CalendarBooking.Accepted;
        return await Run(request.Step, new BookingResult("bk-2", 2, status, start, start.AddMinutes(30), [101], "fake"));
    }

    [Activity("RestoreCalendarBooking")]
    public Task<string> RestoreCalendarBookingAsync(RestoreBookingRequest request)
    {
        Calls.Enqueue($"COMPENSATE_{request.Step}");
        return RestoreFailures-- > 0
            ? throw new ApplicationFailureException("Cal.com is down", CalcomErrors.Unavailable, nonRetryable: true)
            : Task.FromResult(CompensationOutcome.Undone);
    }

    [Activity("ApplySync")]
    public Task<SyncApplied> ApplySyncAsync(ApplySyncRequest request)
    {
        Applied.Enqueue(request);
        return Run(request.Step, new SyncApplied(request.AppointmentId, request.NewStatus, AppointmentStatuses.Synced, request.ExpectedVersion + 1));
    }

    [Activity("MarkSyncStatus")]
    public Task<string> MarkSyncStatusAsync(MarkSyncStatusRequest request)
    {
        // Like the real activity (Idempotency.RunOnceAsync): one key, one request; another request under it is refused.
        var first = markReasons.GetOrAdd(request.IdempotencyKey, $"{request.SyncStatus}|{request.Reason}");
        if (first != $"{request.SyncStatus}|{request.Reason}")
        {
            throw new ApplicationFailureException($"{request.IdempotencyKey} was used for another request", "IDEMPOTENCY_CONFLICT", nonRetryable: true);
        }

        Calls.Enqueue($"MARK:{request.SyncStatus}");
        Marks.Enqueue(request);
        return Task.FromResult(request.SyncStatus);
    }

    [Activity("RecordReview")]
    public Task<bool> RecordReviewAsync(RecordReviewRequest request)
    {
        Calls.Enqueue($"REVIEW:{request.Decision}");
        Reviews.Enqueue(request);
        return Task.FromResult(true);
    }

    [Activity("CreateCompositeAppointment")]
    public Task<LocalAppointmentCreated> CreateCompositeAppointmentAsync(CreateCompositeRequest request) =>
        Run(AppointmentSteps.CreateCompositeAppointment, new LocalAppointmentCreated(request.AppointmentId, AppointmentStatuses.Scheduled, AppointmentStatuses.Synced));

    [Activity("StepHappened")]
    public Task<bool> StepHappenedAsync(StepCheckRequest request)
    {
        Calls.Enqueue($"CHECK:{request.StepKey.Split('/')[^1]}");
        return Task.FromResult(true);
    }

    private Task<T> Run<T>(string step, T result)
    {
        Calls.Enqueue(step);
        var call = callsByStep.AddOrUpdate(step, 1, (_, n) => n + 1);
        return Failures.TryGetValue(step, out var failure) && (failure.Times < 0 || call <= failure.Times)
            ? throw new ApplicationFailureException($"{step} failed: {failure.Type}", failure.Type, nonRetryable: failure.NonRetryable)
            : Task.FromResult(result);
    }

    /// <summary>Steps whose compensation (cancel the booking, soft delete) fails non-retryably, each for as many calls
    /// as given; every other compensation undoes.</summary>
    public Dictionary<string, int> UndoFailures { get; } = [];

    private Task<string> Undo(string step)
    {
        Calls.Enqueue($"COMPENSATE_{step}");
        lock (UndoFailures)
        {
            if (UndoFailures.TryGetValue(step, out var left) && left > 0)
            {
                UndoFailures[step] = left - 1;
                throw new ApplicationFailureException($"undo of {step} failed", "UNDO_FAILED", nonRetryable: true);
            }
        }

        return Task.FromResult(CompensationOutcome.Undone);
    }
}
