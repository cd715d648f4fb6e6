using Temporalio.Client;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.Tests.Support;
using TemporalSagas.Tests.Workflows.Saga;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Tests.Workflows.Seats;

/// <summary>Review decisions sent to a seat reservation: conflicting ones, one out of review, an invalid one.</summary>
[Collection(TimeSkippingCollection.Name)]
public class SeatReservationReviewTests(TimeSkippingFixture fixture) : SagaReviewTestBase(fixture)
{
    private const string ReleaseSeats = "COMPENSATE_" + SeatSteps.ReserveSeats;

    [Fact]
    public async Task ResolveManualReviewAsync_TwoDecisionsRace_OneWinsAndTheSagaEndsByItAlone()
    {
        var acts = new FakeSeatActivities();
        acts.UndoFailures[SeatSteps.ReserveSeats] = 1;
        Task<SeatBooking> release = null!;
        await RaceTwoDecisionsAsync<SeatReservationWorkflow, WorkflowHandle<SeatReservationWorkflow, SeatReservationResult>>(
            acts,
            async tq =>
            {
                var handle = await StartAsync(tq, new($"race-{Guid.NewGuid():N}", "FLOOR", 2));
                await handle.ExecuteUpdateAsync(wf => wf.WaitForHoldAsync());
                release = SeatReservationClient.ReleaseAsync(Client, handle.Id); // answers once the saga ends
                return handle;
            },
            async (handle, answer) =>
            {
                var result = await handle.GetResultAsync();
                var retried = answer.Action == ReviewAction.RetryCompensations;

                result.Status.Should().Be(retried ? SagaStatus.Compensated : SagaStatus.Resolved);
                acts.Calls.Count(c => c == ReleaseSeats).Should().Be(retried ? 2 : 1, "only the winner's decision ran");
                (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Operator.Should().Be(WinnerOf(answer).Operator);
                (await release).Status.Should().Be(SeatBookingStatus.Released);
            });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_SeatsHeldAndNotInReview_IsRefusedAndNothingChanges()
    {
        var acts = new FakeSeatActivities();
        await RunReviewWorkerAsync<SeatReservationWorkflow>(acts, async tq =>
        {
            var handle = Track(await StartAsync(tq, new($"held-{Guid.NewGuid():N}", "FLOOR", 1)));
            await handle.ExecuteUpdateAsync(wf => wf.WaitForHoldAsync());

            var refused = await RefusedAsync(handle, Resolve);

            refused.Message.Should().Contain("not awaiting manual review");
            (await handle.QueryAsync(wf => wf.GetBooking())).Status.Should().Be(SeatBookingStatus.Held);
            (await SeatReservationClient.ConfirmAsync(Client, handle.Id, new SeatConfirmation("card"))).Status.Should().Be(SeatBookingStatus.Confirmed);
            var result = await handle.GetResultAsync();
            result.Status.Should().Be(SagaStatus.Completed);
            acts.Calls.Should().Equal("CHECK_INPUT", SeatSteps.ReserveSeats, SeatSteps.ChargePayment, SeatSteps.ConfirmReservation);
            (await StateAsync(handle)).Reviews.Should().BeNull();
            (await AcceptedReviewsAsync(handle)).Should().Be(0);
        });
    }

    [Fact]
    public async Task ResolveManualReviewAsync_NoOperator_IsRefusedAndTheSagaKeepsWaiting()
    {
        var acts = new FakeSeatActivities();
        acts.UndoFailures[SeatSteps.ReserveSeats] = 1;
        await RunReviewWorkerAsync<SeatReservationWorkflow>(acts, async tq =>
        {
            var handle = Track(await StartAsync(tq, new($"invalid-{Guid.NewGuid():N}", "FLOOR", 1)));
            await handle.ExecuteUpdateAsync(wf => wf.WaitForHoldAsync());
            var release = SeatReservationClient.ReleaseAsync(Client, handle.Id);
            await WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired);

            var refused = await RefusedAsync(handle, NoOperator);

            refused.Message.Should().Contain("operator");
            var waiting = await StateAsync(handle);
            waiting.Status.Should().Be(SagaStatus.ManualReviewRequired);
            waiting.Reviews.Should().BeNull();

            // Had the invalid decision been taken, this one would be refused as a second decision.
            (await DecideAsync(handle, Retry)).Action.Should().Be(ReviewAction.RetryCompensations);
            (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Compensated);
            (await release).Status.Should().Be(SeatBookingStatus.Released);
            (await StateAsync(handle)).Reviews.Should().ContainSingle().Which.Operator.Should().Be(Retry.Operator);
            (await AcceptedReviewsAsync(handle)).Should().Be(1);
        });
    }

    private Task<WorkflowHandle<SeatReservationWorkflow, SeatReservationResult>> StartAsync(string taskQueue, SeatReservationInput input) =>
        Client.StartWorkflowAsync((SeatReservationWorkflow wf) => wf.RunAsync(input), SeatReservationClient.Options(input, taskQueue));
}
