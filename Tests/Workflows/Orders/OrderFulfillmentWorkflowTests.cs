using System.Text.Json;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Orders;

[Collection(TimeSkippingCollection.Name)]
public class OrderFulfillmentWorkflowTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    private const string Rx = "AMOX-250";

    public static TheoryData<string, string, string[]> FailurePoints => new()
    {
        { OrderSteps.ReserveInventory, OrderErrors.OutOfStock, ["COMPENSATE_CREATE_PRESCRIPTION", "COMPENSATE_CREATE_ORDER"] },
        {
            OrderSteps.InitiateShipment, "SIMULATED_FAILURE",
            ["COMPENSATE_RESERVE_INVENTORY", "COMPENSATE_CREATE_PRESCRIPTION", "COMPENSATE_CREATE_ORDER"]
        },
    };

    [Fact]
    public async Task RunAsync_NoItemNeedsAPrescription_ShipsWithoutWaitingAndRecordsCompletion()
    {
        var acts = new FakeOrderActivities();

        var result = await RunAsync(acts, Input());

        result.Success.Should().BeTrue();
        result.Status.Should().Be(SagaStatus.Completed);
        result.TrackingNumber.Should().Be("TSABCDEFGHJK");
        acts.Calls.Should().Equal("CHECK_INPUT", OrderSteps.CreateOrder, OrderSteps.ReserveInventory, OrderSteps.InitiateShipment);
        result.SagaLog.Single(s => s.Name == OrderSteps.CreatePrescription).Status.Should().Be(StepStatus.Skipped);
        acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentCompleted);
    }

    [Fact]
    public async Task RunAsync_PrescriptionApproved_WaitsForThePharmacistThenShips()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));
            acts.Calls.Should().NotContain(OrderSteps.ReserveInventory, "nothing is reserved before the pharmacist approves");

            await handle.SignalAsync(wf => wf.PrescriptionApprovedAsync(new("pharmacist-ann")));
            var result = await handle.GetResultAsync();

            result.Success.Should().BeTrue();
            acts.Calls.Should().Equal(
                "CHECK_INPUT", OrderSteps.CreateOrder, OrderSteps.CreatePrescription, OrderSteps.ReserveInventory, OrderSteps.InitiateShipment);
            acts.TransitionTypes.Should().Equal(OrderEventTypes.PrescriptionApproved, OrderEventTypes.FulfillmentCompleted);
            acts.Transitions.First().PayloadJson.Should().Contain("pharmacist-ann");
            result.SagaLog.Select(s => s.Name).Should().ContainInOrder(
                OrderSteps.CreatePrescription, OrderSteps.AwaitPrescriptionApproval, OrderSteps.RecordApproval, OrderSteps.ReserveInventory);
        });
    }

    [Theory]
    [MemberData(nameof(FailurePoints))]
    public async Task RunAsync_StepFailsAfterApproval_CompensatesInReverseOrder(string failingStep, string errorType, string[] expected)
    {
        var acts = new FakeOrderActivities(new Dictionary<string, string> { [failingStep] = errorType });
        acts.PrescriptionSkus.Add(Rx);
        OrderFulfillmentResult result = null!;
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await handle.SignalAsync(wf => wf.PrescriptionApprovedAsync(new("pharmacist-ann")));
            result = await handle.GetResultAsync();
        });

        result.Success.Should().BeFalse();
        result.Status.Should().Be(SagaStatus.Compensated);
        result.FailedStep.Should().Be(failingStep);
        result.ErrorType.Should().Be(errorType);
        result.FailureReason.Should().Be(errorType.ToLowerInvariant());
        acts.Compensations.Should().Equal(expected);
        result.CompensationResult!.Results.Select(r => r.Step).Should().Equal(expected);
        acts.TransitionTypes.Should().Equal(OrderEventTypes.PrescriptionApproved, OrderEventTypes.FulfillmentFailed);
        Payload(acts.Transitions.Last()).GetProperty("reason").GetString().Should().Be(errorType.ToLowerInvariant());
    }

    [Fact]
    public async Task RunAsync_PrescriptionRejected_CompensatesWithReasonPrescriptionRejected()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);
        OrderFulfillmentResult result = null!;
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));
            await handle.SignalAsync(wf => wf.PrescriptionRejectedAsync(new("dose too high", "pharmacist-bo")));
            result = await handle.GetResultAsync();
        });

        result.Status.Should().Be(SagaStatus.Compensated);
        result.ErrorType.Should().Be(OrderErrors.PrescriptionRejected);
        result.Error.Should().Contain("dose too high");
        result.FailedStep.Should().Be(OrderSteps.AwaitPrescriptionApproval);
        result.FailureReason.Should().Be("prescription_rejected");
        acts.Calls.Should().NotContain(OrderSteps.ReserveInventory);
        acts.Compensations.Should().Equal("COMPENSATE_CREATE_PRESCRIPTION", "COMPENSATE_CREATE_ORDER");
        acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentFailed);
        Payload(acts.Transitions.Single()).GetProperty("reason").GetString().Should().Be("prescription_rejected");
    }

    [Fact]
    public async Task RunAsync_NoApprovalFor24Hours_TimesOutAndCompensates()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);

        var result = await RunAsync(acts, Input(Rx)); // the time-skipping server jumps over the 24 hours

        result.Status.Should().Be(SagaStatus.TimedOut);
        result.ErrorType.Should().Be(SagaErrors.SagaTimeout);
        result.FailureReason.Should().Be("timeout");
        result.FailedStep.Should().Be(OrderSteps.AwaitPrescriptionApproval);
        Elapsed(result).Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(24)).And.BeLessThan(TimeSpan.FromHours(25));
        acts.Compensations.Should().Equal("COMPENSATE_CREATE_PRESCRIPTION", "COMPENSATE_CREATE_ORDER");
        acts.TransitionTypes.Should().Equal(OrderEventTypes.FulfillmentTimedOut);
        Payload(acts.Transitions.Single()).GetProperty("reason").GetString().Should().Be("timeout");
    }

    [Fact]
    public async Task RunAsync_OrderCarriesItsOwnDeadline_TimesOutWhenItPasses()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);

        var result = await RunAsync(acts, Input(Rx) with { Deadline = TimeSpan.FromHours(2) });

        result.Status.Should().Be(SagaStatus.TimedOut);
        Elapsed(result).Should().BeGreaterThanOrEqualTo(TimeSpan.FromHours(2)).And.BeLessThan(TimeSpan.FromHours(3));
    }

    [Theory]
    [InlineData("no-items", "items: between 1 and 50 lines")]
    [InlineData("zero-quantity", "quantity of VITC-500 must be between 1 and 1000")]
    [InlineData("bad-sku", "SKU must be 1-32 upper-case letters")]
    [InlineData("no-address", "shipping address is required")]
    [InlineData("short-deadline", "deadline must be between")]
    public async Task RunAsync_InvalidInput_FailsWithInvalidInputBeforeAnyStep(string flaw, string problem)
    {
        var input = flaw switch
        {
            "no-items" => Input() with { Items = [] },
            "zero-quantity" => Input() with { Items = [new("VITC-500", 0)] },
            "bad-sku" => Input() with { Items = [new("vitc 500", 1)] },
            "no-address" => Input() with { ShippingAddress = " " },
            _ => Input() with { Deadline = TimeSpan.FromSeconds(10) },
        };
        var acts = new FakeOrderActivities();

        var cause = await InvalidInputAsync(acts, input);

        cause.Message.Should().Contain(problem);
        acts.Calls.Should().BeEmpty();
        acts.Transitions.Should().BeEmpty();
    }

    [Fact]
    public async Task RunAsync_UnknownSku_IsRejectedByTheDatabaseCheckBeforeAnyStep()
    {
        var acts = new FakeOrderActivities();
        acts.InputProblems.Add("items: unknown SKU 'NOPE-1'");

        var cause = await InvalidInputAsync(acts, Input() with { Items = [new("NOPE-1", 1)] });

        cause.Message.Should().Contain("unknown SKU 'NOPE-1'");
        acts.Calls.Should().Equal("CHECK_INPUT");
    }

    [Fact]
    public async Task StartAsync_SameOrderTwice_ReturnsTheRunningSaga()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var input = Input(Rx);
            var first = await OrderSagaClient.StartAsync(Client, input, tq);
            var second = await OrderSagaClient.StartAsync(Client, input, tq);

            second.ResultRunId.Should().Be(first.ResultRunId);
            await first.SignalAsync(wf => wf.PrescriptionApprovedAsync(new("pharmacist-ann")));
            (await second.GetResultAsync()).Success.Should().BeTrue();
            acts.Calls.Count(c => c == OrderSteps.CreateOrder).Should().Be(1);
        });
    }

    private static OrderFulfillmentInput Input(params string[] extraSkus) => new(
        $"o-{Guid.NewGuid():N}"[..20],
        [new("VITC-500", 2), .. extraSkus.Select(s => new OrderLine(s, 1))],
        "1 Main St, Springfield");

    private static TimeSpan Elapsed(OrderFulfillmentResult result)
    {
        var log = result.SagaLog;
        return log.Max(s => s.FinishedUtc ?? s.StartedUtc) - log.Min(s => s.StartedUtc);
    }

    private static JsonElement Payload(RecordTransitionRequest transition) => JsonDocument.Parse(transition.PayloadJson).RootElement;

    private async Task<ApplicationFailureException> InvalidInputAsync(FakeOrderActivities acts, OrderFulfillmentInput input)
    {
        var failure = await Assert.ThrowsAsync<WorkflowFailedException>(() => RunAsync(acts, input));
        var cause = failure.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
        cause.ErrorType.Should().Be(SagaErrors.InvalidInput);
        return cause;
    }

    private async Task<OrderFulfillmentResult> RunAsync(FakeOrderActivities acts, OrderFulfillmentInput input)
    {
        OrderFulfillmentResult? result = null;
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
            result = await (await OrderSagaClient.StartAsync(Client, input, tq)).GetResultAsync());
        return result!;
    }
}
