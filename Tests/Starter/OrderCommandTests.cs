using TemporalSagas.Activities.Orders;
using TemporalSagas.Client;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Starter;

/// <summary>`order approve` / `order reject` in-process against the end-to-end dev server and worker: the update
/// answers once the saga took the decision; what the saga cannot take exits 2 with its reason.</summary>
[Collection(DevServerCollection.Name)]
public sealed class OrderCommandTests(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly CliHarness cli = new(fixture);

    [Fact]
    public async Task Approve_WaitingOrder_ExitsZero_ThenASecondApprovalExitsTwoWithTheReason()
    {
        var orderId = cli.Id("approve");
        (await cli.RunAsync(["order", "fulfill", "--order-id", orderId, "--item", "AMOX-250:1", "--ship-to", "1 Main St", "--no-wait",
            "--task-queue", fixture.TaskQueue, .. cli.Server()])).Exit.Should().Be(ExitCodes.Success);
        var handle = OrderSagaClient.Handle(fixture.Client, orderId);
        await SagaPolling.WaitForRunningStepAsync(handle, OrderSteps.AwaitPrescriptionApproval, Timeout);

        var blank = await cli.RunAsync(["order", "approve", orderId, "--pharmacist", " ", "--json", .. cli.Server()]);
        var approved = await cli.RunAsync(["order", "approve", orderId, "--pharmacist", "dana", .. cli.Server()]);
        var again = await cli.RunAsync(["order", "approve", orderId, "--pharmacist", "dana", "--json", .. cli.Server()]);

        blank.Exit.Should().Be(ExitCodes.BadInput);
        blank.JsonError().GetProperty("option").GetString().Should().Be("--pharmacist");
        approved.Exit.Should().Be(ExitCodes.Success, approved.Errors);
        approved.Output.Should().Contain("approved");
        again.Exit.Should().Be(ExitCodes.BadInput, "the prescription was decided already (or the saga has shipped and closed)");
        again.JsonError().GetProperty("type").GetString().Should().BeOneOf(OrderErrors.PrescriptionAlreadyDecided, OrderErrors.NotAwaitingApproval);
        (await handle.GetResultAsync()).Status.Should().Be(SagaStatus.Completed);
    }

    // The order's fault options are the flight's: a carrier down past the shipment's retries, from the command line.
    [Fact]
    public async Task Fulfill_CarrierDownPastItsRetries_TheOrderWaitsForAnOperatorAndARetryShipsIt()
    {
        var orderId = cli.Id("carrier-down");
        var started = await cli.RunAsync(["order", "fulfill", "--order-id", orderId, "--item", "BAND-10:1", "--ship-to", "1 Main St",
            "--transient-at", "initiate-shipment", "--transient-failures", "6", "--no-wait", "--task-queue", fixture.TaskQueue, .. cli.Server()]);
        started.Exit.Should().Be(ExitCodes.Success, started.Errors);
        var handle = OrderSagaClient.Handle(fixture.Client, orderId);

        var waiting = await SagaPolling.WaitForStatusAsync(handle, SagaStatus.ManualReviewRequired, Timeout);

        waiting.Steps.Should().Contain(s => s.Name == OrderSteps.InitiateShipment && s.Status == StepStatus.Failed);
        waiting.Steps.Should().NotContain(s => s.Kind == StepKind.Compensation);
        await handle.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(
            new(ReviewAction.RetryStep, "ops-cli", "carrier back", OrderSteps.InitiateShipment)));
        (await handle.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(SagaStatus.Completed);
    }

    [Fact]
    public async Task Reject_OrderWithoutAPrescription_ExitsTwoNotAwaitingApproval()
    {
        var orderId = cli.Id("no-rx");
        (await cli.RunAsync(["order", "fulfill", "--order-id", orderId, "--item", "VITC-500:1", "--ship-to", "1 Main St",
            "--task-queue", fixture.TaskQueue, .. cli.Server()])).Exit.Should().Be(ExitCodes.Success);

        var run = await cli.RunAsync(["order", "reject", orderId, "--reason", "dose", "--json", .. cli.Server()]);

        run.Exit.Should().Be(ExitCodes.BadInput);
        run.JsonError().GetProperty("type").GetString().Should().Be(OrderErrors.NotAwaitingApproval);
    }
}
