using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Starter.Appointments;
using TemporalSagas.Tests.Activities;
using TemporalSagas.Tests.Activities.Appointments;

namespace TemporalSagas.Tests.Starter;

/// <summary>
/// Issue 18: a create Cal.com processed after its saga gave up leaves a live booking no local appointment references.
/// <c>appointment verify</c> lists it; <c>--fix</c> cancels it over HTTP once its saga has ended, records that in
/// the audit trail, and leaves alone a booking whose saga still runs or whose key names no saga.
/// </summary>
public sealed class AppointmentOrphanFixTests : IAsyncLifetime
{
    private static readonly DateTime Start = DateTime.UtcNow.Date.AddDays(3).AddHours(9);
    private CalcomStub stub = null!;
    private ServiceProvider services = null!;
    private TestDatabase db = null!;

    private ICalendar Calendar => services.GetRequiredService<ICalendar>();

    public async Task InitializeAsync()
    {
        stub = await CalcomStub.StartAsync();
        services = CalcomClients.For(stub);
        db = await TestDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await stub.DisposeAsync();
        await db.DisposeAsync();
    }

    [Fact]
    public async Task Fix_OrphanOfAnEndedSaga_IsCancelledAndAudited_RunningSagaAndForeignKeyAreLeftAlone()
    {
        var ended = await BookAsync("appointment-create-ended/run-1/CREATE_CALCOM_BOOKING", 0, "apt-ended");
        var running = await BookAsync("appointment-create-running/run-2/CREATE_CALCOM_BOOKING", 1, "apt-running");
        var foreign = await BookAsync("sha256:" + new string('a', 64), 2, "apt-foreign");
        await using var context = db.NewContext();

        var (violations, orphans) = await new AppointmentInvariantCheck().InspectAsync(context, Calendar, default);
        violations.Where(v => v.Invariant == AppointmentInvariantCheck.OrphanedBooking).Select(v => v.Subject)
            .Should().BeEquivalentTo([ended.Uid, running.Uid, foreign.Uid], "verify lists every live booking without a local appointment");

        var asked = new List<string>();
        var fixes = await AppointmentOrphanFix.FixAsync(
            orphans, Calendar, (id, _) => { asked.Add(id); return Task.FromResult(id == "appointment-create-running"); }, context, default);

        fixes.Should().ContainSingle(f => f.Outcome == OrphanFix.Cancelled).Which.BookingUid.Should().Be(ended.Uid);
        fixes.Single(f => f.BookingUid == running.Uid).Should().BeEquivalentTo(new { Outcome = OrphanFix.Skipped, SagaId = "appointment-create-running" });
        fixes.Single(f => f.BookingUid == foreign.Uid).Outcome.Should().Be(OrphanFix.Skipped);
        asked.Should().BeEquivalentTo(["appointment-create-ended", "appointment-create-running"]);
        (await Calendar.GetAsync(ended.Uid, default))!.Status.Should().Be(CalendarBooking.Cancelled);
        (await Calendar.GetAsync(running.Uid, default))!.IsLive.Should().BeTrue();
        (await Calendar.GetAsync(foreign.Uid, default))!.IsLive.Should().BeTrue();
        await using var check = db.NewContext();
        (await check.AppointmentAudit().AsNoTracking().SingleAsync()).Should().BeEquivalentTo(
            new { AppointmentId = "apt-ended", Action = AppointmentOrphanFix.AuditAction, SagaId = "appointment-create-ended" });

        var (after, left) = await new AppointmentInvariantCheck().InspectAsync(check, Calendar, default);
        left.Select(b => b.Uid).Should().BeEquivalentTo([running.Uid, foreign.Uid]);
        after.Should().HaveCount(2);
    }

    [Theory]
    [InlineData("appointment-create-a/run/CREATE_CALCOM_BOOKING", "appointment-create-a")]
    [InlineData("tenant/appointment-b/run/CREATE_CALCOM_BOOKING", "tenant/appointment-b")]
    [InlineData("no-slashes", null)]
    [InlineData("one/slash", null)]
    [InlineData(null, null)]
    public void SagaIdOf_EngineKey_IsTheWorkflowIdBeforeRunAndStep(string? key, string? expected) =>
        AppointmentOrphanFix.SagaIdOf(key).Should().Be(expected);

    private Task<CalendarBooking> BookAsync(string key, int hour, string appointmentId) =>
        Calendar.CreateAsync(
            new NewBooking(
                SimulatedCalendarData.RoundRobinEventTypeId, Start.AddHours(hour), 30, "Ann Example", "ann@example.com", "UTC", key,
                new Dictionary<string, string> { ["appointmentId"] = appointmentId }),
            default);
}
