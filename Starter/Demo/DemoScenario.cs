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
        FlightBookingInput Booking(FaultPlan? faults = null, int points = 5000) =>
            new(flightId, "demo-user", 2, "economy", 450m, points, "card", faults);

        return
        [
            new("success with loyalty points", Booking(), SagaStatus.Completed),
            new("fails at RESERVE_SEAT", Booking(new(FailAt: FlightSteps.ReserveSeat)), SagaStatus.Compensated),
            new("fails at DEDUCT_LOYALTY_POINTS", Booking(new(FailAt: FlightSteps.DeductLoyaltyPoints)), SagaStatus.Compensated),
            new("fails at PROCESS_PAYMENT", Booking(new(FailAt: FlightSteps.ProcessPayment)), SagaStatus.Compensated),
            new("fails at CONFIRM_BOOKING", Booking(new(FailAt: FlightSteps.ConfirmBooking)), SagaStatus.Compensated),
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
