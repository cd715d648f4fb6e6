using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd;

[Collection(DevServerCollection.Name)]
public class FlightBookingEndToEndTests(DevServerFixture fixture)
{
    private static readonly FlightBookingInput Booking = new("TS100", "alice", 2, "economy", 420m, LoyaltyPointsToUse: 2_000);

    [Fact]
    public async Task RunAsync_AllStepsSucceed_TakesSeatsPointsAndPaymentAndBooks()
    {
        var before = await LedgerAsync();

        var result = await RunAsync(Booking);

        result.Success.Should().BeTrue();
        result.BookingReference.Should().MatchRegex("^[A-Z2-9]{8}$");
        var after = await LedgerAsync();
        after.Seats.Should().Be(before.Seats - 2);
        after.Points.Should().Be(before.Points - 2_000);
        after.NetPaid.Should().Be(before.NetPaid + 400m, "420 fare minus 2,000 points at 0.01");
        after.ConfirmedBookings.Should().Be(before.ConfirmedBookings + 1);
    }

    [Fact]
    public async Task RunAsync_PaymentDeclined_PutsSeatsPointsAndLedgerBack()
    {
        var before = await LedgerAsync();

        var result = await RunAsync(Booking with { PaymentMethod = "declined-card" });

        result.Success.Should().BeFalse();
        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be(FlightSteps.ProcessPayment);
        result.ErrorType.Should().Be("PAYMENT_DECLINED");
        result.CompensationResult!.Results.Select(r => r.Step)
            .Should().Equal("COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        (await LedgerAsync()).Should().Be(before);
    }

    [Fact]
    public async Task RunAsync_ConfirmationFails_RefundsThePaymentAndPutsEverythingBack()
    {
        var before = await LedgerAsync();

        var result = await RunAsync(Booking with { Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking) });

        result.Status.Should().Be(SagaStatus.Compensated);
        result.CompensationResult!.Results.Select(r => r.Step).Should().Equal(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        (await LedgerAsync()).Should().Be(before);
        await using var db = fixture.Db();
        var payments = await db.Payments().Where(p => p.IdempotencyKey.StartsWith(result.CorrelationId)).ToListAsync();
        payments.Select(p => p.Kind).Should().BeEquivalentTo([Payment.Charge, Payment.Refund]);
    }

    [Fact]
    public async Task RunAsync_TransientPaymentFailures_AreRetriedAndChargedOnce()
    {
        var before = await LedgerAsync();

        var result = await RunAsync(Booking with
        {
            Faults = new FaultPlan(TransientAt: FlightSteps.ProcessPayment, TransientFailures: 2),
        });

        result.Success.Should().BeTrue();
        (await LedgerAsync()).NetPaid.Should().Be(before.NetPaid + 400m);
        var history = await fixture.Client.GetWorkflowHandle(result.CorrelationId).FetchHistoryAsync();
        history.Events.Count(e => e.ActivityTaskStartedEventAttributes?.Attempt == 3).Should().Be(1, "the third attempt succeeded");
    }

    [Fact]
    public async Task RunAsync_RefundKeepsFailing_WaitsForReviewAndOperatorRetryRefundsOnce()
    {
        var before = await LedgerAsync();
        var handle = await StartAsync(Booking with
        {
            Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment),
        });

        var waiting = await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(60));
        waiting.Compensation!.Results.Should().ContainSingle(r => !r.Success).Which.Step.Should().Be("COMPENSATE_PROCESS_PAYMENT");
        var awaitingReview = await fixture.Client.CountWorkflowsAsync(
            $"WorkflowId = '{handle.Id}' AND SagaStatus = 'ManualReviewRequired'");
        awaitingReview.Count.Should().Be(1, "operators find it with the SagaStatus search attribute");

        await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.RetryCompensations, "ops-e2e", "gateway back")));
        var result = await handle.GetResultAsync();

        result.Status.Should().Be(SagaStatus.Compensated);
        result.CompensationResult!.SuccessfulCompensations.Should().Be(3);
        (await LedgerAsync()).Should().Be(before);
    }

    private Task<WorkflowHandle<FlightBookingWorkflow, FlightBookingResult>> StartAsync(FlightBookingInput input) =>
        fixture.Client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(FlightBookingWorkflow.WorkflowId(Guid.NewGuid().ToString()), fixture.TaskQueue));

    private async Task<FlightBookingResult> RunAsync(FlightBookingInput input) =>
        await (await StartAsync(input)).GetResultAsync();

    private async Task<Ledger> LedgerAsync()
    {
        await using var db = fixture.Db();
        var seats = await db.FlightSeatInventory()
            .Where(i => i.FlightId == Booking.FlightId && i.SeatClass == Booking.SeatClass)
            .Select(i => i.SeatsAvailable).SingleAsync();
        var points = await db.LoyaltyAccounts().Where(a => a.UserId == Booking.UserId).Select(a => a.PointsBalance).SingleAsync();
        var payments = await db.Payments().Where(p => p.UserId == Booking.UserId).ToListAsync();
        var netPaid = payments.Sum(p => p.Kind == Payment.Refund ? -p.Amount : p.Amount);
        var confirmed = await db.Bookings().CountAsync(b => b.UserId == Booking.UserId && b.Status == "confirmed");
        return new Ledger(seats, points, netPaid, confirmed);
    }

    private sealed record Ledger(int Seats, int Points, decimal NetPaid, int ConfirmedBookings);
}
