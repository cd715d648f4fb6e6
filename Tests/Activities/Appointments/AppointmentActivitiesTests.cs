using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Exceptions;
using Temporalio.Testing;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Tests.Activities.Appointments;

/// <summary>The appointment activities over a real SQLite database and the simulated calendar, one DI scope per call.</summary>
public sealed class AppointmentActivitiesTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2031, 6, 2, 9, 0, 0, DateTimeKind.Utc);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task CreateCalendarBookingAsync_RetriedAfterTheBookingWasMade_ReconcilesByKeyAndBooksOnce()
    {
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING") with
        {
            Faults = new FaultPlan(FailAfterEffectAt: AppointmentSteps.CreateCalcomBooking),
        };

        var lost = await FailureOfAsync<CalendarActivities>(a => a.CreateCalendarBookingAsync(request), attempt: 1);
        var retried = await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request), attempt: 2);

        lost!.ErrorType.Should().Be(SagaErrorTypes.SimulatedTransientFailure, "the booking was made, then its answer was lost");
        await using var context = db.NewContext();
        var bookings = await context.CalendarBookings().Where(b => b.IdempotencyKey == request.IdempotencyKey).ToListAsync();
        bookings.Should().ContainSingle("one booking, not two").Which.Uid.Should().Be(retried.Uid);
    }

    [Fact]
    public async Task CancelCalendarBookingAsync_NothingBooked_FencesTheKeySoALateCreateIsRefused()
    {
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");

        var outcome = await RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request)));
        var late = await FailureOfAsync<CalendarActivities>(a => a.CreateCalendarBookingAsync(request), attempt: 2);

        outcome.Should().Be(CompensationOutcome.NothingToUndo);
        late!.ErrorType.Should().Be(SagaErrorTypes.StepFenced);
        await using var context = db.NewContext();
        (await context.CalendarBookings().CountAsync(b => b.IdempotencyKey == request.IdempotencyKey)).Should().Be(0);
    }

    [Fact]
    public async Task CancelCalendarBookingAsync_Twice_CancelsOnceThenAlreadyUndone()
    {
        var request = Booking("saga/run/CREATE_CALCOM_BOOKING");
        var booked = await RunAsync<CalendarActivities, BookingResult>(a => a.CreateCalendarBookingAsync(request));

        var first = await RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request)));
        var second = await RunAsync<CalendarActivities, string>(a => a.CancelCalendarBookingAsync(Undo(request)));

        (first, second).Should().Be((CompensationOutcome.Undone, CompensationOutcome.AlreadyUndone));
        await using var context = db.NewContext();
        (await context.CalendarBookings().SingleAsync(b => b.Uid == booked.Uid)).Status.Should().Be(CalendarBooking.Cancelled);
    }

    [Fact]
    public async Task EnsureCustomerAsync_SameEmailDifferentCase_IsOneCustomer()
    {
        var first = await RunAsync<AppointmentActivities, CustomerEnsured>(a => a.EnsureCustomerAsync(new("k1", "Ann@Example.com", "Ann")));
        var second = await RunAsync<AppointmentActivities, CustomerEnsured>(a => a.EnsureCustomerAsync(new("k2", "ann@example.com", "Ann B.")));

        second.CustomerId.Should().Be(first.CustomerId);
        (first.Created, second.Created).Should().Be((true, false));
        await using var context = db.NewContext();
        (await context.Customers().SingleAsync(c => c.Email == "ann@example.com")).Name.Should().Be("Ann B.");
    }

    [Fact]
    public async Task SoftDeleteAppointmentAsync_CreatedAppointment_KeepsTheRowDeletedWithAnAuditRow()
    {
        var customer = await RunAsync<AppointmentActivities, CustomerEnsured>(a => a.EnsureCustomerAsync(new("k1", "ann@example.com", "Ann")));
        await RunAsync<AppointmentActivities, LocalAppointmentCreated>(a => a.CreateLocalAppointmentAsync(
            new("saga/run/CREATE_LOCAL_APPOINTMENT", "apt-1", "saga", customer.CustomerId, "bk-1", Start, Start.AddMinutes(30), null)));

        var outcome = await RunAsync<AppointmentActivities, string>(a => a.SoftDeleteAppointmentAsync(
            new("saga/run/compensate/CREATE_LOCAL_APPOINTMENT", "saga/run/CREATE_LOCAL_APPOINTMENT", AppointmentSteps.CreateLocalAppointment, "saga")));

        outcome.Should().Be(CompensationOutcome.Undone);
        await using var context = db.NewContext();
        (await context.Appointments().SingleAsync(a => a.Id == "apt-1")).DeletedUtc.Should().NotBeNull();
        (await context.AppointmentAudit().Where(a => a.AppointmentId == "apt-1").Select(a => a.Action).ToListAsync())
            .Should().Equal(AppointmentAudit.Created, AppointmentAudit.SoftDeleted);
    }

    [Fact]
    public async Task ApplySyncAsync_AppointmentChangedSinceTheSyncReadIt_FailsAppointmentChangedAndWritesNothing()
    {
        var customer = await RunAsync<AppointmentActivities, CustomerEnsured>(a => a.EnsureCustomerAsync(new("k1", "ann@example.com", "Ann")));
        await RunAsync<AppointmentActivities, LocalAppointmentCreated>(a => a.CreateLocalAppointmentAsync(
            new("saga/run/CREATE_LOCAL_APPOINTMENT", "apt-1", "saga", customer.CustomerId, "bk-1", Start, Start.AddMinutes(30), null)));
        var booking = new BookingResult("bk-2", 2, CalendarBooking.Accepted, Start.AddDays(1), Start.AddDays(1).AddMinutes(30), [101], "simulated");

        var stale = await FailureOfAsync<AppointmentActivities>(a => a.ApplySyncAsync(new(
            "sync/run/UPDATE", AppointmentSteps.UpdateLocalAppointment, "sync/run/UPDATE", "sync", SyncActions.Reschedule, 7, "apt-1", booking,
            AppointmentStatuses.Rescheduled)));
        var applied = await RunAsync<AppointmentActivities, SyncApplied>(a => a.ApplySyncAsync(new(
            "sync/run/RETRY", AppointmentSteps.RetryLocalUpdate, "sync/run/UPDATE", "sync", SyncActions.Reschedule, 0, "apt-1", booking,
            AppointmentStatuses.Rescheduled)));
        var again = await RunAsync<AppointmentActivities, SyncApplied>(a => a.ApplySyncAsync(new(
            "sync/run/RETRY-2", AppointmentSteps.RetryLocalUpdate, "sync/run/UPDATE", "sync", SyncActions.Reschedule, 0, "apt-1", booking,
            AppointmentStatuses.Rescheduled)));

        stale!.ErrorType.Should().Be(AppointmentErrors.AppointmentChanged);
        stale.NonRetryable.Should().BeTrue();
        applied.Version.Should().Be(1);
        again.Version.Should().Be(1, "the same sync applied its change already");
        await using var context = db.NewContext();
        (await context.Appointments().SingleAsync(a => a.Id == "apt-1")).Should().BeEquivalentTo(
            new { CalcomBookingUid = "bk-2", Status = AppointmentStatuses.Rescheduled, CalcomSyncStatus = AppointmentStatuses.Synced, Version = 1 });
    }

    // Issue 17: the version check was read-then-write without a concurrency token. Another writer that changes the row
    // between the sync's read and its write (here: right before the write, on the same connection, as a committed
    // concurrent update looks on PostgreSQL) must make the update refuse (APPOINTMENT_CHANGED), not overwrite it.
    [Fact]
    public async Task ApplySyncAsync_RowChangedBetweenTheReadAndTheWrite_FailsAppointmentChangedAndWritesNothing()
    {
        var customer = await RunAsync<AppointmentActivities, CustomerEnsured>(a => a.EnsureCustomerAsync(new("k1", "ann@example.com", "Ann")));
        await RunAsync<AppointmentActivities, LocalAppointmentCreated>(a => a.CreateLocalAppointmentAsync(
            new("saga/run/CREATE_LOCAL_APPOINTMENT", "apt-1", "saga", customer.CustomerId, "bk-1", Start, Start.AddMinutes(30), null)));
        var booking = new BookingResult("bk-2", 2, CalendarBooking.Accepted, Start.AddDays(1), Start.AddDays(1).AddMinutes(30), [101], "simulated");
        var interceptor = new ConcurrentWriter("UPDATE \"appointments\" SET \"status\" = 'completed', \"version\" = \"version\" + 1 WHERE \"id\" = 'apt-1'");
        var options = new DbContextOptionsBuilder<TemporalSagas.Activities.Data.SagasDbContext>(
            TemporalSagas.Activities.Data.SagaDatabase.Options(db.ConnectionString)).AddInterceptors(interceptor).Options;
        await using var context = new TemporalSagas.Activities.Data.SagasDbContext(options);
        using var loggers = LoggerFactory.Create(_ => { });
        var activities = new AppointmentActivities(
            context,
            new Idempotency(context, loggers.CreateLogger<Idempotency>()),
            new FaultInjector(context, Options.Create(new FaultInjectionOptions()), loggers.CreateLogger<FaultInjector>()),
            Options.Create(new CalcomOptions()),
            loggers.CreateLogger<AppointmentActivities>());

        ApplicationFailureException? refused = null;
        try
        {
            await new ActivityEnvironment().RunAsync(() => activities.ApplySyncAsync(new(
                "sync/run/UPDATE", AppointmentSteps.UpdateLocalAppointment, "sync/run/UPDATE", "sync", SyncActions.Reschedule, 0, "apt-1", booking,
                AppointmentStatuses.Rescheduled)));
        }
        catch (ApplicationFailureException e)
        {
            refused = e;
        }

        interceptor.Fired.Should().BeTrue("the other writer ran between the read and the write");
        refused.Should().NotBeNull("the row is no longer at the version the sync read").And.Subject.As<ApplicationFailureException>()
            .ErrorType.Should().Be(AppointmentErrors.AppointmentChanged);
        await using var check = db.NewContext();
        (await check.Appointments().SingleAsync(a => a.Id == "apt-1")).Should().BeEquivalentTo(
            new { Status = AppointmentStatuses.Scheduled, CalcomBookingUid = "bk-1", Version = 0 },
            "the refused sync wrote nothing (the simulated writer shared its transaction, so it was rolled back with it)");
    }

    private static CreateBookingRequest Booking(string key) => new(
        key, AppointmentSteps.CreateCalcomBooking, SimulatedCalendarData.RoundRobinEventTypeId, Start, 30, "Ann", "ann@example.com", "UTC", "apt-1");

    private static BookingUndoRequest Undo(CreateBookingRequest request) =>
        new($"{request.IdempotencyKey}/compensate", request.IdempotencyKey, request.Step, request.Search);

    private async Task<T> RunAsync<TActivities, T>(Func<TActivities, Task<T>> call, int attempt = 1)
        where TActivities : notnull
    {
        await using var scope = db.Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<TActivities>();
        return await new ActivityEnvironment { Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt } }.RunAsync(() => call(activities));
    }

    private async Task<ApplicationFailureException?> FailureOfAsync<TActivities>(Func<TActivities, Task> call, int attempt = 1)
        where TActivities : notnull
    {
        try
        {
            await RunAsync<TActivities, bool>(async a => { await call(a); return true; }, attempt);
            return null;
        }
        catch (ApplicationFailureException e)
        {
            return e;
        }
    }

    /// <summary>Runs <paramref name="sql"/> once, on the same connection and transaction, just before the first UPDATE of
    /// the appointments table: another writer's committed change landing between a read and a write.</summary>
    private sealed class ConcurrentWriter(string sql) : DbCommandInterceptor
    {
        public bool Fired { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await InterfereAsync(command, cancellationToken);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await InterfereAsync(command, cancellationToken);
            return result;
        }

        private async Task InterfereAsync(DbCommand command, CancellationToken cancellationToken)
        {
            if (Fired || !command.CommandText.Contains("UPDATE \"appointments\"", StringComparison.Ordinal))
            {
                return;
            }

            Fired = true;
            await using var other = command.Connection!.CreateCommand();
            other.Transaction = command.Transaction;
            other.CommandText = sql;
            await other.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
