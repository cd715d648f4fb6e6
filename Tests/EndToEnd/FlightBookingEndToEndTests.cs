using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Tests.Postgres;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd;

[Collection(DevServerCollection.Name)]
public class FlightBookingEndToEndTests(DevServerFixture fixture)
{
    private static readonly FlightBookingInput Template = new("TS100", "alice", 2, "economy", 420m, LoyaltyPointsToUse: 2_000);

    [Fact]
    public async Task RunAsync_AllStepsSucceed_TakesSeatsPointsAndPaymentAndBooks()
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template);
        var before = await FlightBooks.ReadAsync(fixture, booking);

        var result = await RunAsync(booking);

        result.Success.Should().BeTrue();
        result.BookingReference.Should().MatchRegex("^[A-Z2-9]{8}$");
        var after = await FlightBooks.ReadAsync(fixture, booking);
        after.Seats.Should().Be(before.Seats - 2);
        after.Points.Should().Be(before.Points - 2_000);
        after.NetPaid.Should().Be(before.NetPaid + 400m, "420 fare minus 2,000 points at 0.01");
        after.ConfirmedBookings.Should().Be(before.ConfirmedBookings + 1);
    }

    [Fact]
    public async Task RunAsync_PaymentDeclined_PutsSeatsPointsAndLedgerBack()
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template);
        var before = await FlightBooks.ReadAsync(fixture, booking);

        var result = await RunAsync(booking with { PaymentMethod = "declined-card" });

        result.Success.Should().BeFalse();
        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be(FlightSteps.ProcessPayment);
        result.ErrorType.Should().Be("PAYMENT_DECLINED");
        result.CompensationResult!.Results.Select(r => r.Step)
            .Should().Equal("COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        (await FlightBooks.ReadAsync(fixture, booking)).Should().Be(before);
    }

    [Fact]
    public async Task RunAsync_ConfirmationFails_RefundsThePaymentAndPutsEverythingBack()
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template);
        var before = await FlightBooks.ReadAsync(fixture, booking);

        var result = await RunAsync(booking with { Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking) });

        result.Status.Should().Be(SagaStatus.Compensated);
        result.CompensationResult!.Results.Select(r => r.Step).Should().Equal(
            "COMPENSATE_PROCESS_PAYMENT", "COMPENSATE_DEDUCT_LOYALTY_POINTS", "COMPENSATE_RESERVE_SEAT");
        result.CompensationResult.Results.Should().OnlyContain(r => r.Outcome == UndoOutcomes.Undone);
        (await FlightBooks.ReadAsync(fixture, booking)).Should().Be(before);
        await using var db = fixture.Db();
        var payments = await db.Payments().Where(p => p.IdempotencyKey.StartsWith(result.CorrelationId + "/")).ToListAsync();
        payments.Select(p => p.Kind).Should().BeEquivalentTo([Payment.Charge, Payment.Refund]);
    }

    [Fact]
    public async Task RunAsync_TransientPaymentFailures_AreRetriedAndChargedOnce()
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template);
        var before = await FlightBooks.ReadAsync(fixture, booking);

        var result = await RunAsync(booking with
        {
            Faults = new FaultPlan(TransientAt: FlightSteps.ProcessPayment, TransientFailures: 2),
        });

        result.Success.Should().BeTrue();
        (await FlightBooks.ReadAsync(fixture, booking)).NetPaid.Should().Be(before.NetPaid + 400m);
        var history = await fixture.Client.GetWorkflowHandle(result.CorrelationId).FetchHistoryAsync();
        history.Events.Count(e => e.ActivityTaskStartedEventAttributes?.Attempt == 3).Should().Be(1, "the third attempt succeeded");
    }

    [Fact]
    public async Task RunAsync_RefundFailsNonRetryably_GoesToReviewWithoutRetryingAndTheUpdateRefundsOnce()
    {
        var booking = await FlightBooks.OwnBooksAsync(fixture, Template);
        var before = await FlightBooks.ReadAsync(fixture, booking);
        var handle = await fixture.StartFlightAsync(booking with
        {
            Faults = new FaultPlan(
                FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment, CompensationFailures: 1),
        });

        var waiting = await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(90));
        waiting.Compensation!.Results.Should().ContainSingle(r => !r.Success).Which.Step.Should().Be("COMPENSATE_PROCESS_PAYMENT");
        var history = await handle.FetchHistoryAsync();
        history.Events.Where(e => e.ActivityTaskStartedEventAttributes is not null)
            .Should().OnlyContain(e => e.ActivityTaskStartedEventAttributes.Attempt == 1, "a non-retryable refund failure escalates at once");
        await SagaPolling.WaitForCountAsync(
            fixture.Client, $"WorkflowId = '{handle.Id}' AND SagaStatus = 'ManualReviewRequired'", 1, TimeSpan.FromSeconds(30));

        var answer = await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(
            new(ReviewAction.RetryCompensations, "ops-e2e", "gateway back")));
        var result = await handle.GetResultAsync();

        answer.Action.Should().Be(ReviewAction.RetryCompensations);
        result.Status.Should().Be(SagaStatus.Compensated);
        result.CompensationResult!.SuccessfulCompensations.Should().Be(3);
        (await FlightBooks.ReadAsync(fixture, booking)).Should().Be(before);
        await using var db = fixture.Db();
        (await db.Payments().CountAsync(p => p.IdempotencyKey.StartsWith(handle.Id + "/") && p.Kind == Payment.Refund)).Should().Be(1);
    }

    private async Task<FlightBookingResult> RunAsync(FlightBookingInput input) =>
        await (await fixture.StartFlightAsync(input)).GetResultAsync();
}

/// <summary>The same tests with the worker on PostgreSQL (leave them out with <c>--filter Category!=Postgres</c>).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class FlightBookingOnPostgresTests(PostgresDevServerFixture fixture) : FlightBookingEndToEndTests(fixture);
