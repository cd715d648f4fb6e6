using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Appointments;

[Collection(TimeSkippingCollection.Name)]
public class CompositeBookingWorkflowTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_EverySegmentFree_BooksEachThenWritesTheComposite()
    {
        var acts = new FakeAppointmentActivities();

        var result = await RunAsync(acts, Input(3));

        result.Success.Should().BeTrue();
        result.Segments.Select(s => s.Booking.Uid).Should().Equal("bk-BOOK_SEGMENT_1", "bk-BOOK_SEGMENT_2", "bk-BOOK_SEGMENT_3");
        acts.Calls.Should().Equal(
            AppointmentSteps.EnsureCustomer, "BOOK_SEGMENT_1", "BOOK_SEGMENT_2", "BOOK_SEGMENT_3", AppointmentSteps.CreateCompositeAppointment);
    }

    [Fact]
    public async Task RunAsync_SecondOfTwoSegmentsUnavailable_CancelsTheFirstAndWritesNoComposite()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.BookSegment(2)] = (CalcomErrors.SlotUnavailable, true, -1);

        var result = await RunAsync(acts, Input(2));

        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be("BOOK_SEGMENT_2");
        result.ErrorType.Should().Be(CalcomErrors.SlotUnavailable);
        acts.Compensations.Should().Equal("COMPENSATE_BOOK_SEGMENT_1");
        acts.Calls.Should().NotContain(AppointmentSteps.CreateCompositeAppointment);
    }

    [Fact]
    public async Task RunAsync_ThirdSegmentFails_CancelsTheOthersInReverseOrder()
    {
        var acts = new FakeAppointmentActivities();
        acts.Failures[AppointmentSteps.BookSegment(3)] = (CalcomErrors.SlotUnavailable, true, -1);

        var result = await RunAsync(acts, Input(3));

        result.Status.Should().Be(SagaStatus.Compensated);
        acts.Compensations.Should().Equal("COMPENSATE_BOOK_SEGMENT_2", "COMPENSATE_BOOK_SEGMENT_1");
    }

    private static CompositeBookingInput Input(int segments) => new(
        $"cmp-{Guid.NewGuid():N}"[..20], "ann@example.com", "Ann Example",
        [.. Enumerable.Range(0, segments).Select(i => new CompositeSegment(
            "staff-ada", FakeAppointmentActivities.Start.AddHours(i), FakeAppointmentActivities.Start.AddHours(i).AddMinutes(45)))]);

    private async Task<CompositeBookingResult> RunAsync(FakeAppointmentActivities acts, CompositeBookingInput input)
    {
        CompositeBookingResult result = null!;
        await RunWorkerAsync<CompositeBookingWorkflow>(acts, async tq =>
        {
            var handle = await AppointmentSagaClient.StartCompositeAsync(Client, input, tq);
            result = await handle.GetResultAsync();
        });
        return result;
    }
}
