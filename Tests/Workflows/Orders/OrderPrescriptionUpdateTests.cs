using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Orders;

/// <summary>
/// Issue 17: approvals were signals, so an approval after the deadline, after a rejection or for an order without a
/// prescription was dropped while the CLI printed "approved". The updates ApprovePrescription and RejectPrescription
/// answer once the saga took the decision, and their validators refuse (with the reason) what it cannot take.
/// </summary>
[Collection(TimeSkippingCollection.Name)]
public class OrderPrescriptionUpdateTests(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    private const string Rx = "AMOX-250";

    [Fact]
    public async Task ApprovePrescription_WhileTheSagaWaits_AnswersOnceTakenAndTheOrderShips()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));

            var answer = await handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new("pharmacist-ann")));
            var result = await handle.GetResultAsync();

            answer.Should().BeEquivalentTo(new { Decision = "approved", Pharmacist = "pharmacist-ann", SagaStatus = SagaStatus.Running });
            result.Success.Should().BeTrue();
            acts.TransitionTypes.Should().Equal(OrderEventTypes.PrescriptionApproved, OrderEventTypes.FulfillmentCompleted);
        });
    }

    [Fact]
    public async Task RejectPrescription_WhileTheSagaWaits_AnswersAndTheSagaCompensates()
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));

            var answer = await handle.ExecuteUpdateAsync(wf => wf.RejectPrescriptionAsync(new("dose too high", "pharmacist-bo")));
            var result = await handle.GetResultAsync();

            answer.Decision.Should().Be("rejected");
            result.Status.Should().Be(SagaStatus.Compensated);
            result.ErrorType.Should().Be(OrderErrors.PrescriptionRejected);
        });
    }

    [Fact]
    public async Task ApprovePrescription_AfterARejection_IsRefusedAlreadyDecided()
    {
        var acts = new FakeOrderActivities { SlowTransitionType = OrderEventTypes.FulfillmentFailed, SlowTransitionDelay = TimeSpan.FromSeconds(5) };
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));
            await handle.ExecuteUpdateAsync(wf => wf.RejectPrescriptionAsync(new("dose too high")));
            await acts.SlowTransitionStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the saga still records its end

            var refused = await RefusedAsync(() => handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new("pharmacist-ann"))));

            refused.ErrorType.Should().Be(OrderErrors.PrescriptionAlreadyDecided);
            refused.Message.Should().Contain("already rejected");
            (await handle.GetResultAsync()).ErrorType.Should().Be(OrderErrors.PrescriptionRejected);
        });
    }

    [Fact]
    public async Task ApprovePrescription_OrderWithoutAPrescription_IsRefusedNotAwaitingApproval()
    {
        var acts = new FakeOrderActivities { SlowTransitionType = OrderEventTypes.FulfillmentCompleted, SlowTransitionDelay = TimeSpan.FromSeconds(5) };
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(), tq);
            await acts.SlowTransitionStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

            var refused = await RefusedAsync(() => handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new("pharmacist-ann"))));

            refused.ErrorType.Should().Be(OrderErrors.NotAwaitingApproval);
            refused.Message.Should().Contain("no item of the order needs a prescription");
            (await handle.GetResultAsync()).Success.Should().BeTrue();
        });
    }

    [Fact]
    public async Task ApprovePrescription_AfterTheDeadline_IsRefusedNotAwaitingApproval()
    {
        var acts = new FakeOrderActivities { UndoDelay = TimeSpan.FromSeconds(3) };
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx) with { Deadline = TimeSpan.FromHours(1) }, tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));
            var ended = handle.GetResultAsync(); // waiting for the result lets the server skip to the deadline
            await acts.UndoStarted.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the deadline fired; the saga compensates

            var refused = await RefusedAsync(() => handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new("pharmacist-ann"))));

            refused.ErrorType.Should().Be(OrderErrors.NotAwaitingApproval);
            refused.Message.Should().Contain("no longer waits").And.Contain(SagaErrors.SagaTimeout);
            (await ended).Status.Should().Be(SagaStatus.TimedOut);
            acts.TransitionTypes.Should().NotContain(OrderEventTypes.PrescriptionApproved);
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ann\u0007")]
    public async Task ApprovePrescription_BadPharmacist_IsRefusedInvalidInputAndTheSagaKeepsWaiting(string pharmacist)
    {
        var acts = new FakeOrderActivities();
        acts.PrescriptionSkus.Add(Rx);
        await RunWorkerAsync<OrderFulfillmentWorkflow>(acts, async tq =>
        {
            var handle = await OrderSagaClient.StartAsync(Client, Input(Rx), tq);
            await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, TimeSpan.FromSeconds(30));

            var refused = await RefusedAsync(() => handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new(pharmacist))));

            refused.ErrorType.Should().Be(SagaErrors.InvalidInput);
            refused.Message.Should().Contain("pharmacist");
            (await handle.QueryAsync(wf => wf.GetState())).Status.Should().Be(SagaStatus.Running);
            (await handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(new("pharmacist-ann")))).Decision.Should().Be("approved");
            (await handle.GetResultAsync()).Success.Should().BeTrue();
        });
    }

    private static async Task<ApplicationFailureException> RefusedAsync(Func<Task> update)
    {
        var failed = await Assert.ThrowsAsync<WorkflowUpdateFailedException>(update);
        return failed.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
    }

    private static OrderFulfillmentInput Input(params string[] extraSkus) => new(
        $"o-{Guid.NewGuid():N}"[..20],
        [new("VITC-500", 2), .. extraSkus.Select(s => new OrderLine(s, 1))],
        "1 Main St, Springfield");
}
