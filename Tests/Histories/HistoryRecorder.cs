using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Histories;

/// <summary>
/// Records the histories the replay tests read, from real runs: the dev server, the real worker and SQLite of
/// <see cref="DevServerFixture"/>. Each run's shape is checked before its history is written, so a recording
/// never captures a saga that went somewhere else.
/// </summary>
[Collection(DevServerCollection.Name)]
public class HistoryRecorder(DevServerFixture fixture)
{
    private static readonly FlightBookingInput Booking = new("TS100", "alice", 2, "economy", 420m, LoyaltyPointsToUse: 2_000);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [RecordHistoriesFact]
    public async Task Record_FlightBookingHistories()
    {
        await RecordAsync("completed", Booking, SagaStatus.Completed);
        await RecordAsync(
            "completed-transient-retries",
            Booking with { Faults = new FaultPlan(TransientAt: FlightSteps.ProcessPayment, TransientFailures: 2) },
            SagaStatus.Completed);
        await RecordAsync("completed-local-steps", Booking with { LocalSteps = true }, SagaStatus.Completed);
        await RecordAsync(
            "compensated-no-seats", Booking with { FlightId = FlightDemoData.LastSeatFlight, Passengers = 2 }, SagaStatus.Compensated);
        await RecordAsync("compensated-payment-declined", Booking with { PaymentMethod = "declined-card" }, SagaStatus.Compensated);
        await RecordAsync(
            "compensated-confirm-failed", Booking with { Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking) }, SagaStatus.Compensated);
        await RecordReviewAsync();
        await RecordCancelledAsync();
        await RecordAsync(
            "timed-out",
            Booking with { DeadlineSeconds = 4, Faults = new FaultPlan(SlowAt: FlightSteps.ProcessPayment, SlowSeconds: 8) },
            SagaStatus.TimedOut);
    }

    // The data check on RESERVE_SEAT (patch flight-check-on-first-step): no CheckBooking local activity on the first
    // workflow task. The flight histories above were recorded before the patch and stay as they are: they prove
    // sagas of that shape still replay.
    [RecordHistoriesFact]
    public async Task Record_FlightCheckOnFirstStepHistories()
    {
        await RecordAsync("completed-check-on-first-step", Booking, SagaStatus.Completed);
        await RecordAsync("completed-local-steps-check-on-first-step", Booking with { LocalSteps = true }, SagaStatus.Completed);
        await RecordAsync(
            "compensated-payment-declined-check-on-first-step", Booking with { PaymentMethod = "declined-card" }, SagaStatus.Compensated);

        // An unknown flight, started directly (the CLI's own check would stop it before the start): the step's check refuses it.
        var rejected = await fixture.StartFlightAsync(Booking with { FlightId = "TS999" });
        var wait = () => rejected.GetResultAsync().WaitAsync(Timeout);
        (await wait.Should().ThrowAsync<Temporalio.Exceptions.WorkflowFailedException>())
            .Which.InnerException.Should().BeOfType<Temporalio.Exceptions.ApplicationFailureException>()
            .Which.ErrorType.Should().Be(SagaErrors.InvalidInput);
        (await rejected.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.Rejected);
        await WriteAsync("rejected-unknown-flight-check-on-first-step", rejected);
    }

    [RecordHistoriesFact]
    public async Task Record_OrderFulfillmentHistories()
    {
        var approved = await OrderSagaClient.StartAsync(
            fixture.Client,
            new OrderFulfillmentInput($"rec-{Guid.NewGuid():N}", [new(OrderDemoData.Antibiotic, 1)], "1 Recorder Road"),
            fixture.TaskQueue);
        await SagaPolling.WaitForRunningStepAsync(approved, OrderSteps.AwaitPrescriptionApproval, Timeout);
        await approved.SignalAsync(wf => wf.PrescriptionApprovedAsync(new("recorder")));
        (await approved.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Completed);
        await WriteAsync("order-fulfillment-completed-after-approval", approved);

        var failed = await OrderSagaClient.StartAsync(
            fixture.Client,
            new OrderFulfillmentInput(
                $"rec-{Guid.NewGuid():N}", [new(OrderDemoData.Bandages, 2)], "1 Recorder Road",
                Faults: new FaultPlan(FailAt: OrderSteps.InitiateShipment)),
            fixture.TaskQueue);
        (await failed.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Compensated);
        await WriteAsync("order-fulfillment-compensated-shipment-failed", failed);
    }

    // The shipment's policy (patch order-shipment-review): a carrier down past the retries waits for an operator. One
    // saga waiting, then retried; another compensated by the operator. The two older order histories stay as they
    // were recorded, before the patch: they prove sagas of that shape still replay.
    [RecordHistoriesFact]
    public async Task Record_OrderShipmentReviewHistories()
    {
        var outage = new FaultPlan(TransientAt: OrderSteps.InitiateShipment, TransientFailures: 6);
        var retried = await StartStuckShipmentAsync(outage);
        await WriteAsync("order-fulfillment-waiting-in-review-shipment-stuck", retried);
        await retried.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(
            new(ReviewAction.RetryStep, "recorder", "carrier back", OrderSteps.InitiateShipment)));
        (await retried.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Completed);
        await WriteAsync("order-fulfillment-completed-after-review-shipment-retried", retried);

        var compensated = await StartStuckShipmentAsync(outage);
        await compensated.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.Compensate, "recorder", "customer cancelled")));
        (await compensated.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Compensated);
        await WriteAsync("order-fulfillment-compensated-after-review-shipment-stuck", compensated);
    }

    private async Task<WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>> StartStuckShipmentAsync(FaultPlan faults)
    {
        var handle = await OrderSagaClient.StartAsync(
            fixture.Client,
            new OrderFulfillmentInput($"rec-{Guid.NewGuid():N}", [new(OrderDemoData.Vitamins, 1)], "1 Recorder Road", Faults: faults),
            fixture.TaskQueue);
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, Timeout);
        return handle;
    }

    private async Task RecordAsync(string name, FlightBookingInput input, SagaStatus expected)
    {
        var handle = await fixture.StartFlightAsync(input);
        var result = await handle.GetResultAsync().WaitAsync(Timeout);
        result.Status.Should().Be(expected, name);
        await WriteAsync(name, handle);
    }

    // One saga gives two histories: fetched while it waits in review, and after the operator's retry.
    private async Task RecordReviewAsync()
    {
        var handle = await fixture.StartFlightAsync(Booking with
        {
            Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment),
        });
        await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, Timeout);
        await WriteAsync("waiting-in-review", handle);

        await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.RetryCompensations, "recorder", "gateway back")));
        (await handle.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Compensated);
        await WriteAsync("compensated-after-review", handle);
    }

    private async Task RecordCancelledAsync()
    {
        var handle = await fixture.StartFlightAsync(Booking with
        {
            Faults = new FaultPlan(SlowAt: FlightSteps.ProcessPayment, SlowSeconds: 3),
        });
        await SagaPolling.WaitForRunningStepAsync(handle, FlightSteps.ProcessPayment, Timeout);
        await handle.CancelAsync();
        var wait = () => handle.GetResultAsync().WaitAsync(Timeout);
        await wait.Should().ThrowAsync<Temporalio.Exceptions.WorkflowFailedException>();
        (await handle.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.Cancelled);
        await WriteAsync("cancelled", handle);
    }

    private static async Task WriteAsync(string name, WorkflowHandle handle)
    {
        var history = await handle.FetchHistoryAsync();
        var file = name.StartsWith("order-", StringComparison.Ordinal) ? name : $"flight-booking-{name}";
        var path = Path.Combine(SourceDirectory(), $"{file}.json");
        await File.WriteAllTextAsync(path, history.ToJson());
    }

    // Tests/Histories in the source tree (not the build output): the recordings are committed.
    internal static string SourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TemporalSagas.Tests.csproj")))
            {
                return Path.Combine(dir.FullName, "Histories");
            }
        }

        throw new DirectoryNotFoundException($"no TemporalSagas.Tests.csproj above {AppContext.BaseDirectory}");
    }
}
