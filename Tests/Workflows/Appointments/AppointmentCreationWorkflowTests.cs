using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Starter.Appointments;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Appointments;

[Collection(TimeSkippingCollection.Name)]
public class AppointmentCreationWorkflowTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_AllStepsSucceed_EnsuresCustomerBooksRecordsAndAssignsStaff()
    {
        var acts = new FakeAppointmentActivities();

        var result = await RunAsync(acts, Input());

        result.Success.Should().BeTrue();
        result.Status.Should().Be(SagaStatus.Completed);
        result.CustomerId.Should().Be("cus-1");
        result.Booking!.Uid.Should().Be($"bk-{AppointmentSteps.CreateCalcomBooking}");
        result.StaffId.Should().Be("staff-ada");
        acts.Calls.Should().Equal(
            AppointmentSteps.EnsureCustomer, AppointmentSteps.CreateCalcomBooking, AppointmentSteps.CreateLocalAppointment, AppointmentSteps.AssignStaff);
    }

    [Fact]
    public async Task RunAsync_LocalRecordFailsAfterCalcomBooked_CancelsTheBookingAndKeepsNoRecord()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.CreateLocalAppointment] = ("DISK_FULL", true, -1);

        var result = await RunAsync(acts, Input());

        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be(AppointmentSteps.CreateLocalAppointment);
        acts.Compensations.Should().Equal($"COMPENSATE_{AppointmentSteps.CreateCalcomBooking}");
        result.CompensationResult!.Results.Should().ContainSingle().Which.Success.Should().BeTrue();
    }

    [Fact]
    public async Task RunAsync_NoStaffForTheHost_CompletesWithTheOptionalStepSkipped()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.AssignStaff] = (AppointmentErrors.StaffNotFound, true, -1);

        var result = await RunAsync(acts, Input());

        result.Success.Should().BeTrue();
        result.StaffId.Should().BeNull();
        result.SagaLog.Single(s => s.Name == AppointmentSteps.AssignStaff).Status.Should().Be(StepStatus.Skipped);
        acts.Compensations.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_SlotTaken_CompensatesNothingAndReportsSlotUnavailable()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.CreateCalcomBooking] = (CalcomErrors.SlotUnavailable, true, -1);

        var result = await RunAsync(acts, Input());

        result.Status.Should().Be(SagaStatus.Compensated);
        result.ErrorType.Should().Be(CalcomErrors.SlotUnavailable);
        acts.Calls.Should().NotContain(AppointmentSteps.CreateLocalAppointment);
        acts.Compensations.Should().BeEmpty("a booking refused by Cal.com left nothing to cancel");
    }

    [Fact]
    public async Task RunAsync_BadEmail_FailsInvalidInputBeforeAnyStep()
    {
        var acts = new FakeAppointmentActivities();

        var act = () => RunAsync(acts, Input() with { CustomerEmail = "not-an-email" });

        var failure = (await act.Should().ThrowAsync<WorkflowFailedException>()).Which.InnerException.Should().BeOfType<ApplicationFailureException>().Which;
        failure.ErrorType.Should().Be(SagaErrors.InvalidInput);
        failure.Message.Should().Contain("customer email");
        acts.Calls.Should().BeEmpty();
    }

    // Cal.com's throttler blocks a key for 60 s (X-RateLimit-Reset-Default); the step's own retries (~24 s) would all
    // land inside the block. The saga waits on a durable timer until the reset, then books.
    [Fact]
    public async Task RunAsync_CalcomRateLimitedTwice_WaitsOnATimerUntilTheResetAndBooks()
    {
        var acts = new FakeAppointmentActivities { RateLimitedCreates = 2 };
        AppointmentCreationResult result = null!;
        IReadOnlyList<Temporalio.Api.History.V1.HistoryEvent> timers = [];
        await RunWorkerAsync<AppointmentCreationWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartCreationAsync(Client, Input(), tq);
            result = await handle.GetResultAsync();
            timers = await EventsAsync(handle, Temporalio.Api.Enums.V1.EventType.TimerStarted);
        });

        result.Success.Should().BeTrue(result.Error);
        acts.Calls.Count(c => c == $"429:{AppointmentSteps.CreateCalcomBooking}").Should().Be(2);
        acts.Compensations.Should().BeEmpty();
        timers.Should().HaveCount(2).And.OnlyContain(t => t.TimerStartedEventAttributes.StartToFireTimeout.ToTimeSpan() >= TimeSpan.FromSeconds(60));
    }

    private static AppointmentCreationInput Input() =>
        new($"apt-{Guid.NewGuid():N}"[..20], "ann@example.com", "Ann Example", FakeAppointmentActivities.Start);

    private async Task<AppointmentCreationResult> RunAsync(FakeAppointmentActivities acts, AppointmentCreationInput input)
    {
        AppointmentCreationResult result = null!;
        await RunWorkerAsync<AppointmentCreationWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartCreationAsync(Client, input, tq);
            result = await handle.GetResultAsync();
        });
        return result;
    }
}
