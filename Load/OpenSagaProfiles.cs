using Temporalio.Client;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load;

/// <summary>A kind of saga that waits (on a timer or a signal) once started: how <c>load --open N</c> opens saga
/// number <c>index</c>, and how it releases it afterwards.</summary>
public interface IOpenSagaProfile
{
    /// <summary>Shown in reports, e.g. "seat (held, TTL 06:00:00)".</summary>
    string Name { get; }

    /// <summary>Starts the saga and returns once it waits; null then, else what happened instead.</summary>
    Task<string?> OpenAsync(int index, CancellationToken cancellationToken);

    /// <summary>Releases the waiting saga and returns once it closed as released; null then, else what happened instead.</summary>
    Task<string?> CloseAsync(int index, CancellationToken cancellationToken);
}

/// <summary>Seat holds waiting on their TTL timer: opened once <c>WaitForHold</c> answers Held, released with the
/// <c>Release</c> update, closed when the result says Compensated (<c>RESERVATION_RELEASED</c>).</summary>
public sealed class SeatOpenProfile(ITemporalClient client, string taskQueue, bool eagerStart) : IOpenSagaProfile
{
    /// <summary>Far longer than any run: no hold may expire while it is measured.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromHours(6);

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => $"seat (held, TTL {Ttl.TotalHours:0} h)";

    public async Task<string?> OpenAsync(int index, CancellationToken cancellationToken)
    {
        var handle = await SeatLoadProfile.StartAsync(client, taskQueue, new(Key(index), SeatLoadProfile.Zone, 1, Ttl), eagerStart, cancellationToken);
        var booking = await handle.ExecuteUpdateAsync(wf => wf.WaitForHoldAsync(), new() { Rpc = new() { CancellationToken = cancellationToken } });
        return booking.Status == SeatBookingStatus.Held ? null : $"not held: {booking.Status} {booking.ErrorType}";
    }

    public async Task<string?> CloseAsync(int index, CancellationToken cancellationToken)
    {
        var bookingId = SeatReservationWorkflow.WorkflowId(Key(index));
        try
        {
            await SeatReservationClient.ReleaseAsync(client, bookingId, cancellationToken);
        }
        catch (SeatReservationException e)
        {
            return $"release refused: {e.ErrorType}";
        }

        var result = await SeatReservationClient.Handle(client, bookingId).GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
        return result.Status == SagaStatus.Compensated && result.ErrorType == SeatErrors.ReservationReleased
            ? null
            : $"closed {result.Status} ({result.ErrorType})";
    }

    private string Key(int index) => $"open-{run}-{index}";
}

/// <summary>Orders waiting for a pharmacist's signal: each needs a prescription, opened once the saga log shows it
/// waiting at AWAIT_PRESCRIPTION_APPROVAL (polled with the GetState query), released with the PrescriptionRejected
/// signal, closed when the result says Compensated (<c>PRESCRIPTION_REJECTED</c>).</summary>
public sealed class OrderOpenProfile(ITemporalClient client, string taskQueue, bool eagerStart, string sku) : IOpenSagaProfile
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly string run = Guid.NewGuid().ToString("N")[..8];

    public string Name => "order (awaiting the pharmacist)";

    public async Task<string?> OpenAsync(int index, CancellationToken cancellationToken)
    {
        var input = new OrderFulfillmentInput(OrderId(index), [new OrderLine(sku, 1)], "1 Open Lane", RequiresPrescription: true);
        var handle = await client.StartWorkflowAsync(
            (OrderFulfillmentWorkflow wf) => wf.RunAsync(input),
            SagaLoadRun.Options(OrderFulfillmentWorkflow.WorkflowId(input.OrderId), taskQueue, OrderFulfillmentWorkflow.SagaType, eagerStart, cancellationToken));
        while (true)
        {
            var state = await handle.QueryAsync(wf => wf.GetState(), new() { Rpc = new() { CancellationToken = cancellationToken } });
            if (state.Steps.Any(s => s is { Kind: StepKind.Wait, Name: OrderSteps.AwaitPrescriptionApproval, Status: StepStatus.Running }))
            {
                return null;
            }

            if (state.Status.IsFinal())
            {
                return $"ended {state.Status} ({state.ErrorType}) before waiting";
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    public async Task<string?> CloseAsync(int index, CancellationToken cancellationToken)
    {
        var handle = OrderSagaClientHandle(index);
        await handle.SignalAsync(wf => wf.PrescriptionRejectedAsync(new("load --open released it")), new() { Rpc = new() { CancellationToken = cancellationToken } });
        var result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
        return result.Status == SagaStatus.Compensated && result.ErrorType == OrderErrors.PrescriptionRejected
            ? null
            : $"closed {result.Status} ({result.ErrorType})";
    }

    private WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult> OrderSagaClientHandle(int index) =>
        client.GetWorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult>(OrderFulfillmentWorkflow.WorkflowId(OrderId(index)));

    private string OrderId(int index) => $"open-{run}-{index}";
}
