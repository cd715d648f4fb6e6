using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client.Flights;
using TemporalSagas.Starter.Demo;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Flights;

/// <summary>Every path of the flight booking saga, as the demo runs them against the seeded demo data.</summary>
public static class FlightDemoScenarios
{
    public const string Flight = "TS100";

    public static IReadOnlyList<DemoScenario> All()
    {
        // alice has 50,000 loyalty points and bob 1,000 in the seeded demo data; first class has 8 seats.
        static FlightBookingInput Booking(FaultPlan? faults = null, int points = 5000) =>
            new(Flight, "alice", 2, "economy", 450m, points, "card", faults);

        return
        [
            Scenario("success with loyalty points", Booking(), SagaStatus.Completed),
            Scenario(
                "RESERVE_SEAT: 9 first-class seats, 8 exist",
                Booking() with { Passengers = 9, SeatClass = "first", TotalFare = 9_000m },
                SagaStatus.Compensated),
            Scenario("DEDUCT_LOYALTY_POINTS: bob lacks points", Booking() with { UserId = "bob" }, SagaStatus.Compensated),
            Scenario("PROCESS_PAYMENT: card declined", Booking() with { PaymentMethod = "declined-card" }, SagaStatus.Compensated),
            Scenario("CONFIRM_BOOKING: simulated failure", Booking(new(FailAt: FlightSteps.ConfirmBooking)), SagaStatus.Compensated),
            Scenario(
                "2 transient payment failures, retried",
                Booking(new(TransientAt: FlightSteps.ProcessPayment, TransientFailures: 2)),
                SagaStatus.Completed),
            Scenario(
                "refund fails → manual review → retried",
                Booking(new(FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment)),
                SagaStatus.Compensated) with
            {
                ReviewDecision = new(ReviewAction.RetryCompensations, "demo", "the demo retries the failed refund"),
            },
            Scenario(
                "cancelled while paying",
                Booking(new(SlowAt: FlightSteps.ProcessPayment, SlowSeconds: 3)),
                SagaStatus.Cancelled) with
            {
                WhileRunning = CancelWhilePayingAsync,
            },
        ];
    }

    private static DemoScenario Scenario(string name, FlightBookingInput input, SagaStatus expected) => new(
        name,
        expected,
        async start => await FlightSagaClient.StartAsync(start.Client, input, start.SagaId, start.TaskQueue, $"demo: {name}"));

    // The payment provider is already called when the cancel arrives: the saga waits for the charge, then refunds it.
    private static async Task CancelWhilePayingAsync(WorkflowHandle handle, CancellationToken cancellationToken)
    {
        if (await DemoPolling.WaitForRunningStepAsync(handle, FlightSteps.ProcessPayment, cancellationToken))
        {
            await handle.CancelAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
    }
}
