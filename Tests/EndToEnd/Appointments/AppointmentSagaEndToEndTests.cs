using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Starter.Appointments;
using TemporalSagas.Tests.Postgres;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;
using static TemporalSagas.Tests.EndToEnd.Appointments.AppointmentE2E;

namespace TemporalSagas.Tests.EndToEnd.Appointments;

/// <summary>The appointment sagas on the dev server with the real worker, the real activities, SQLite and the simulated calendar.</summary>
[Collection(DevServerCollection.Name)]
public class AppointmentSagaEndToEndTests(DevServerFixture fixture)
{
    [Fact]
    public async Task Creation_HappyPath_RecordsCustomerBookingAppointmentAndStaff()
    {
        var input = Creation();

        var result = await (await AppointmentSagaClient.StartCreationAsync(fixture.Client, input, fixture.TaskQueue)).GetResultAsync().WaitAsync(SagaTimeout);

        result.Success.Should().BeTrue();
        await using var db = fixture.Db();
        var customer = await db.Customers().SingleAsync(c => c.Email == input.CustomerEmail);
        var appointment = (await AppointmentAsync(db, input.AppointmentId))!;
        appointment.Should().BeEquivalentTo(new
        {
            CustomerId = customer.Id,
            CalcomBookingUid = result.Booking!.Uid,
            Status = AppointmentStatuses.Scheduled,
            CalcomSyncStatus = AppointmentStatuses.Synced,
            StaffId = result.StaffId,
        });
        var booking = (await BookingsForAsync(db, input.CustomerEmail)).Should().ContainSingle().Subject;
        booking.Status.Should().Be(CalendarBooking.Accepted);
        (await db.Staff().SingleAsync(s => s.Id == appointment.StaffId)).CalcomHostId.Should().Be(booking.HostId, "staff comes from the booking's host");
        (await AuditAsync(db, input.AppointmentId)).Should().Equal(AppointmentAudit.Created, AppointmentAudit.StaffAssigned);
        (await VerifyAsync(fixture.Database, input.AppointmentId, booking.Uid)).Should().BeEmpty();
    }

    [Fact]
    public async Task Creation_LocalRecordFailsAfterCalcomBooked_CancelsTheBookingLeavesNoAppointmentAndVerifiesClean()
    {
        var input = Creation() with { Faults = new FaultPlan(FailAt: AppointmentSteps.CreateLocalAppointment) };

        var result = await (await AppointmentSagaClient.StartCreationAsync(fixture.Client, input, fixture.TaskQueue)).GetResultAsync().WaitAsync(SagaTimeout);

        result.Status.Should().Be(SagaStatus.Compensated);
        result.CompensationResult!.Results.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new { Step = "COMPENSATE_CREATE_CALCOM_BOOKING", Success = true, Outcome = "undone" });
        await using var db = fixture.Db();
        (await AppointmentAsync(db, input.AppointmentId)).Should().BeNull();
        var booking = (await BookingsForAsync(db, input.CustomerEmail)).Should().ContainSingle().Subject;
        booking.Status.Should().Be(CalendarBooking.Cancelled);
        (await VerifyAsync(fixture.Database, input.AppointmentId, booking.Uid)).Should().BeEmpty();
    }

    [Fact]
    public async Task Creation_TwoCustomersSameSlotAtOnce_BothSucceedWithDifferentHosts()
    {
        var start = NextSlot();
        var first = Creation(start);
        var second = Creation(start);

        var results = await Task.WhenAll(
            (await AppointmentSagaClient.StartCreationAsync(fixture.Client, first, fixture.TaskQueue)).GetResultAsync().WaitAsync(SagaTimeout),
            (await AppointmentSagaClient.StartCreationAsync(fixture.Client, second, fixture.TaskQueue)).GetResultAsync().WaitAsync(SagaTimeout));

        results.Should().OnlyContain(r => r.Success);
        results.Select(r => r.Booking!.HostIds.Single()).Should().OnlyHaveUniqueItems("the round robin gives the slot to two different hosts");
        await using var db = fixture.Db();
        (await AppointmentAsync(db, first.AppointmentId))!.CustomerId.Should().NotBe((await AppointmentAsync(db, second.AppointmentId))!.CustomerId);
    }

    [Fact]
    public async Task Sync_LocalUpdateFailsAfterCalcomCancelled_MarksErrorAnswersWillRetryThenTheTimerRetrySyncs()
    {
        var created = await CreateAsync();
        var input = new AppointmentSyncInput(
            created.AppointmentId, SyncActions.Cancel, LocalRetryDelay: TimeSpan.FromSeconds(2),
            Faults: new FaultPlan(TransientAt: AppointmentSteps.UpdateLocalAppointment, TransientFailures: 3));

        var handle = await AppointmentSagaClient.StartSyncAsync(fixture.Client, input, fixture.TaskQueue);
        var first = await AppointmentSagaClient.FirstOutcomeAsync(handle, default).WaitAsync(SagaTimeout);

        first.Should().BeEquivalentTo(new { Success = false, WillRetry = true, SyncStatus = AppointmentStatuses.Error });
        await using (var db = fixture.Db())
        {
            (await AppointmentAsync(db, created.AppointmentId))!.CalcomSyncStatus.Should().BeOneOf(AppointmentStatuses.Error, AppointmentStatuses.Synced);
            (await db.CalendarBookings().SingleAsync(b => b.Uid == created.Booking!.Uid)).Status.Should().Be(CalendarBooking.Cancelled, "Cal.com is not undone");
        }

        var result = await handle.GetResultAsync().WaitAsync(SagaTimeout);

        result.Success.Should().BeTrue();
        result.LocalRetries.Should().Be(1);
        await using var after = fixture.Db();
        (await AppointmentAsync(after, created.AppointmentId))!.Should().BeEquivalentTo(
            new { Status = AppointmentStatuses.Cancelled, CalcomSyncStatus = AppointmentStatuses.Synced, SyncError = (string?)null });
        (await AuditAsync(after, created.AppointmentId)).Should().ContainInOrder(AppointmentAudit.SyncError, AppointmentAudit.Synced);
        (await VerifyAsync(fixture.Database, created.AppointmentId, created.Booking!.Uid)).Should().BeEmpty();
    }

    [Fact]
    public async Task Sync_RescheduleRefusedAndRestoreFails_WaitsInReviewAndTheReviewRestoresAndRecordsIt()
    {
        var created = await CreateAsync();
        var input = new AppointmentSyncInput(
            created.AppointmentId, SyncActions.Reschedule, created.Booking!.StartUtc.AddDays(1),
            Faults: new FaultPlan(FailAt: AppointmentSteps.UpdateLocalAppointment, FailCompensationOf: AppointmentSteps.CalcomReschedule));

        var handle = await AppointmentSagaClient.StartSyncAsync(fixture.Client, input, fixture.TaskQueue);
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, SagaTimeout);

        await using (var db = fixture.Db())
        {
            (await AppointmentAsync(db, created.AppointmentId))!.CalcomSyncStatus.Should().Be(AppointmentStatuses.ManualReviewRequired);
        }

        var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.RetryCompensations, "ops-jane", "Cal.com is back")));
        var result = await handle.GetResultAsync().WaitAsync(SagaTimeout);

        answer.WillDo.Should().StartWith("retrying");
        result.Status.Should().Be(SagaStatus.Compensated);
        await using var after = fixture.Db();
        var appointment = (await AppointmentAsync(after, created.AppointmentId))!;
        appointment.CalcomSyncStatus.Should().Be(AppointmentStatuses.Synced);
        appointment.StartsUtc.Should().Be(created.Booking.StartUtc, "the booking is back at its old time");
        var live = await after.CalendarBookings().SingleAsync(b => b.Uid == appointment.CalcomBookingUid);
        live.Status.Should().Be(CalendarBooking.Accepted);
        live.StartUtc.Should().Be(created.Booking.StartUtc);
        (await AuditAsync(after, created.AppointmentId)).Should().ContainInOrder(
            AppointmentAudit.ManualReviewRequired, AppointmentAudit.Restored, AppointmentAudit.Reviewed);
        (await after.AppointmentAudit().SingleAsync(a => a.AppointmentId == created.AppointmentId && a.Action == AppointmentAudit.Reviewed))
            .Detail.Should().Be("RetryCompensations by ops-jane: Cal.com is back");
        var uids = await after.CalendarBookings().Where(b => b.IdempotencyKey == live.IdempotencyKey).Select(b => b.Uid).ToArrayAsync();
        (await VerifyAsync(fixture.Database, [created.AppointmentId, .. uids])).Should().BeEmpty();
    }

    [Fact]
    public async Task Sync_SecondSyncWhileOneRuns_IsRejectedAndTheNextOneAfterItRuns()
    {
        var created = await CreateAsync();
        var slow = new AppointmentSyncInput(created.AppointmentId, SyncActions.Update, Faults: new FaultPlan(SlowAt: AppointmentSteps.CalcomUpdate, SlowSeconds: 3));

        var first = await AppointmentSagaClient.StartSyncAsync(fixture.Client, slow, fixture.TaskQueue);
        var second = () => AppointmentSagaClient.StartSyncAsync(fixture.Client, slow with { Faults = null }, fixture.TaskQueue);

        (await second.Should().ThrowAsync<SyncInProgressException>()).Which.WorkflowId.Should().Be(first.Id);
        (await first.GetResultAsync().WaitAsync(SagaTimeout)).Success.Should().BeTrue();
        var next = await AppointmentSagaClient.StartSyncAsync(fixture.Client, slow with { Faults = null }, fixture.TaskQueue);
        (await next.GetResultAsync().WaitAsync(SagaTimeout)).Success.Should().BeTrue();
        next.ResultRunId.Should().NotBe(first.ResultRunId);
        await using var db = fixture.Db();
        var syncs = await db.AppointmentAudit().AsNoTracking().Where(a => a.AppointmentId == created.AppointmentId && a.Action == AppointmentAudit.Synced)
            .OrderBy(a => a.Id).ToListAsync();
        syncs.Should().HaveCount(2, "the rejected sync never ran");
        syncs[0].IdempotencyKey.Should().Contain(first.ResultRunId!);
        syncs[1].IdempotencyKey.Should().Contain(next.ResultRunId!);
        (await AppointmentAsync(db, created.AppointmentId))!.Version.Should().Be(2, "each sync applied its change once, one after the other");
    }

    [Fact]
    public async Task Composite_SecondSegmentSlotTaken_CancelsTheFirstAndWritesNoCompositeAppointment()
    {
        var start = NextSlot();
        var input = new CompositeBookingInput(
            $"e2e-{Guid.NewGuid():N}"[..20], $"{Guid.NewGuid():N}@e2e.example", "E2E Customer",
            [new(AppointmentDemoData.Ben, start, start.AddMinutes(30)), new(AppointmentDemoData.Ben, start.AddMinutes(15), start.AddMinutes(45))]);

        var result = await (await AppointmentSagaClient.StartCompositeAsync(fixture.Client, input, fixture.TaskQueue)).GetResultAsync().WaitAsync(SagaTimeout);

        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be("BOOK_SEGMENT_2");
        result.ErrorType.Should().Be(CalcomErrors.SlotUnavailable);
        await using var db = fixture.Db();
        (await AppointmentAsync(db, input.CompositeId)).Should().BeNull();
        (await db.AppointmentSegments().CountAsync(s => s.AppointmentId == input.CompositeId)).Should().Be(0);
        var bookings = await BookingsForAsync(db, input.CustomerEmail);
        bookings.Should().ContainSingle().Which.Status.Should().Be(CalendarBooking.Cancelled);
        (await VerifyAsync(fixture.Database, input.CompositeId, bookings[0].Uid)).Should().BeEmpty();
    }

    private async Task<AppointmentCreationResult> CreateAsync()
    {
        var result = await (await AppointmentSagaClient.StartCreationAsync(fixture.Client, Creation(), fixture.TaskQueue)).GetResultAsync().WaitAsync(SagaTimeout);
        result.Success.Should().BeTrue();
        return result;
    }
}

/// <summary>The same tests with the worker on PostgreSQL (leave them out with <c>--filter Category!=Postgres</c>).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class AppointmentSagaOnPostgresTests(PostgresDevServerFixture fixture) : AppointmentSagaEndToEndTests(fixture);
