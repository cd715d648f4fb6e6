using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Orders;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Load.Flights;
using TemporalSagas.Load.Seats;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Mixed;

/// <summary>
/// Every saga at once: flights, seat reservations and orders in turn, one in ten with an injected failure, while two
/// workers are killed (SIGKILL) along the way. Afterwards every saga has answered (none lost), none is left running,
/// and the invariants of every domain hold. A seat payment that was in flight on a killed worker ends PAYMENT_TIMEOUT
/// by design (a payment whose outcome is unknown is not retried blindly: the seats are released and a late charge
/// refunded or refused); such sagas are counted as <c>disrupted_payment_timeout</c>, anything else unplanned is a problem.
/// </summary>
public static class MixedDirtyScenario
{
    public const int FailureEvery = 10;

    private const string AsPlanned = "as_planned";
    private const string Unexpected = "unexpected";
    private const string DisruptedPayment = "disrupted_payment_timeout";

    public static async Task<DirtyReport> RunAsync(IDirtyHost host, int count, int concurrency, CancellationToken ct)
    {
        var run = new DirtyRun("mixed", host);
        var zone = await run.ZoneAsync("mixed", count);
        var done = 0;
        var kills = new[] { count / 3, 2 * count / 3 };
        var killing = Task.CompletedTask;
        using var gate = new SemaphoreSlim(concurrency);
        var sagas = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var fail = i % FailureEvery == FailureEvery - 1;
                run.Count(fail ? "injected_failures" : "planned_successes");
                var outcome = (i % 3) switch
                {
                    0 => await FlightAsync(run, i, fail) ? AsPlanned : Unexpected,
                    1 => await SeatsAsync(run, zone, i, fail),
                    _ => await OrderAsync(run, i, fail) ? AsPlanned : Unexpected,
                };
                run.Count(outcome);
                run.Count("answered");
            }
            finally
            {
                gate.Release();
                var finished = Interlocked.Increment(ref done);
                if (kills.Contains(finished))
                {
                    killing = KillOneAsync(run);
                }
            }
        });
        await Task.WhenAll(sagas);
        await killing;

        await run.CountLeftRunningAsync(ct);
        run.Expect(run.Counter("answered") == count, $"{count - run.Counter("answered")} saga(s) lost");
        run.Expect(run.Counter(Unexpected) == 0, $"{run.Counter(Unexpected)} saga(s) ended neither as planned nor as a documented disruption");
        return await run.FinishAsync(count, ct);
    }

    // A replacement first, so sagas always have a worker; then SIGKILL of the oldest.
    private static async Task KillOneAsync(DirtyRun run)
    {
        await run.Host.StartWorkerAsync();
        await run.Host.KillWorkerAsync();
        run.Count("worker_kills");
    }

    private static async Task<bool> FlightAsync(DirtyRun run, int i, bool fail)
    {
        var input = new FlightBookingInput(
            FlightLoadProfile.Flights[i % FlightLoadProfile.Flights.Count], FlightLoadProfile.User, 1, SeatClasses.Economy, FlightLoadProfile.Fare,
            FlightLoadProfile.PointsPerSaga, Faults: fail ? new FaultPlan(FailAt: FlightSteps.ConfirmBooking) : null);
        var result = await run.RetryWhileServerDownAsync(
            async () =>
            {
                var handle = await run.Host.Client.StartWorkflowAsync(
                    (FlightBookingWorkflow wf) => wf.RunAsync(input),
                    new WorkflowOptions(FlightBookingWorkflow.WorkflowId(run.Key("flight", i)), run.Host.TaskQueue)
                    {
                        TypedSearchAttributes = SagaStart.SearchAttributes(FlightBookingWorkflow.SagaType),
                        IdConflictPolicy = Temporalio.Api.Enums.V1.WorkflowIdConflictPolicy.UseExisting,
                    });
                return await handle.GetResultAsync();
            },
            default);
        run.Count(result.Status == SagaStatus.Completed ? "completed" : "compensated");
        return Planned(run, $"flight {i}", result.Status == (fail ? SagaStatus.Compensated : SagaStatus.Completed), $"{result.Status} {result.FailedStep} {result.ErrorType}");
    }

    // An unplanned outcome names the saga and how it ended, so a failing run says what to look at.
    private static bool Planned(DirtyRun run, string saga, bool planned, string ended)
    {
        if (!planned)
        {
            run.Problem($"{saga} ended {ended}");
        }

        return planned;
    }

    private static async Task<string> SeatsAsync(DirtyRun run, string zone, int i, bool fail)
    {
        var booking = await run.ReserveAsync(new SeatReservationInput(run.Key("seats", i), zone, 1));
        if (booking.Status != SeatBookingStatus.Held)
        {
            run.Problem($"seats {i}: reserve ended {booking.Status} {booking.ErrorType} {booking.Error}");
            return Unexpected;
        }

        var (confirmed, error) = await run.ConfirmAsync(booking.BookingId, new SeatConfirmation(fail ? SimulatedSeatPayments.DeclinedCard : "card"));
        run.Count(confirmed is not null ? "completed" : "compensated");
        var outcome = (fail ? error == SeatErrors.PaymentDeclined : confirmed?.Status == SeatBookingStatus.Confirmed) ? AsPlanned
            // A kill during the charge times the payment out whether the card was good or the planned declined
            // one: either way the seats go back and nothing is kept charged (verify checks the books).
            : error == SeatErrors.PaymentTimeout ? DisruptedPayment
            : Unexpected;
        if (outcome == Unexpected)
        {
            run.Problem($"seats {i}: confirm ended {confirmed?.Status.ToString() ?? error}");
        }

        return outcome;
    }

    private static async Task<bool> OrderAsync(DirtyRun run, int i, bool fail)
    {
        var input = new OrderFulfillmentInput(
            run.Key("order", i), [new OrderLine(OrderDemoData.Vitamins, 1)], "1 Mixed Road",
            Faults: fail ? new FaultPlan(FailAt: OrderSteps.InitiateShipment) : null);
        var result = await run.RetryWhileServerDownAsync(
            async () => await (await OrderSagaClient.StartAsync(run.Host.Client, input, run.Host.TaskQueue)).GetResultAsync(),
            default);
        run.Count(result.Status == SagaStatus.Completed ? "completed" : "compensated");
        return Planned(run, $"order {i}", result.Status == (fail ? SagaStatus.Compensated : SagaStatus.Completed), $"{result.Status} {result.FailedStep} {result.ErrorType}");
    }
}
