using System.CommandLine;
using Temporalio.Client;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Demo;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Starter.Seats;

/// <summary>The seat reservation saga's CLI: <c>seats ...</c> and its demo scenarios.</summary>
public sealed class SeatsCli : ISagaCliModule
{
    public Command CreateCommand(CliContext context) => SeatCommands.Create(context);

    public IEnumerable<DemoScenario> DemoScenarios() =>
    [
        Scenario("seats: 2 held, then confirmed with a payment", new SeatConfirmation("card"), SagaStatus.Completed),
        Scenario("seats: payment declined at confirm → seats released", new SeatConfirmation(SimulatedSeatPayments.DeclinedCard), SagaStatus.Compensated),
    ];

    private static DemoScenario Scenario(string name, SeatConfirmation payment, SagaStatus expected) => new(
        name,
        expected,
        async start =>
        {
            var input = new SeatReservationInput(start.SagaId, SeatDemoData.Balcony, 2);
            var options = SeatReservationClient.Options(input, start.TaskQueue);
            options.StaticSummary = $"demo: {name}";
            return await start.Client.StartWorkflowAsync((SeatReservationWorkflow wf) => wf.RunAsync(input), options);
        },
        WhileRunning: (handle, ct) => ConfirmWhenHeldAsync(handle, payment, ct));

    // The demo plays the customer: once the seats are held, it confirms with the scenario's payment.
    private static async Task ConfirmWhenHeldAsync(WorkflowHandle handle, SeatConfirmation payment, CancellationToken cancellationToken)
    {
        if (await DemoPolling.WaitForRunningStepAsync(handle, SeatSteps.AwaitDecision, cancellationToken))
        {
            try
            {
                await SeatReservationClient.ConfirmAsync(handle.Client, handle.Id, payment, cancellationToken);
            }
            catch (SeatReservationException e) when (e.ErrorType == SeatErrors.PaymentDeclined)
            {
                // The scenario's point: the saga released the seats; its status says so.
            }
        }
    }
}
