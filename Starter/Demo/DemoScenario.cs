using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

/// <param name="ResolveReview">The demo answers the manual review with RetryCompensations as operator "demo".</param>
public sealed record DemoScenario(string Name, FlightBookingInput Input, SagaStatus Expected, bool ResolveReview = false)
{
    public static IReadOnlyList<DemoScenario> All(string flightId)
    {
        // alice has 50,000 loyalty points and bob 1,000 in the seeded demo data; first class has 8 seats.
        FlightBookingInput Booking(FaultPlan? faults = null, int points = 5000) =>
            new(flightId, "alice", 2, "economy", 450m, points, "card", faults);

        return
        [
            new("success with loyalty points", Booking(), SagaStatus.Completed),
            new(
                "RESERVE_SEAT: 9 first-class seats, 8 exist",
                Booking() with { Passengers = 9, SeatClass = "first", TotalFare = 9_000m },
                SagaStatus.Compensated),
            new(
                "DEDUCT_LOYALTY_POINTS: bob lacks points",
                Booking() with { UserId = "bob" },
                SagaStatus.Compensated),
            new(
                "PROCESS_PAYMENT: card declined",
                Booking() with { PaymentMethod = "declined-card" },
                SagaStatus.Compensated),
            new(
                "CONFIRM_BOOKING: simulated failure",
                Booking(new(FailAt: FlightSteps.ConfirmBooking)),
                SagaStatus.Compensated),
            new(
                "2 transient payment failures, retried",
                Booking(new(TransientAt: FlightSteps.ProcessPayment, TransientFailures: 2)),
                SagaStatus.Completed),
            new(
                "refund fails → manual review → retried",
                Booking(new(FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment)),
                SagaStatus.Compensated,
                ResolveReview: true),
        ];
    }
}
