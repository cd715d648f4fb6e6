using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Client.Seats;

/// <summary>
/// How every caller (the CLI, the demo, the load scenarios, the tests) reserves, confirms and releases seats.
/// A key names one booking forever: the workflow id is <c>seat-reservation-{key}</c>, a retry while it runs joins it
/// (conflict policy UseExisting), and a retry after it closed is refused by the server (reuse policy
/// RejectDuplicate) and answered here from the closed workflow's result: the same booking, never a second one.
/// </summary>
public static class SeatReservationClient
{
    public static WorkflowOptions Options(SeatReservationInput input, string taskQueue) =>
        new(SeatReservationWorkflow.WorkflowId(input.Key), taskQueue)
        {
            IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
            IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
            TypedSearchAttributes = SagaStart.SearchAttributes(SeatReservationWorkflow.SagaType),
            StaticSummary = $"{input.Quantity} seat(s) in {input.ZoneId}, TTL {input.EffectiveTtl}",
        };

    /// <summary>The booking once its seats are held or refused (<see cref="SeatBookingStatus.Rejected"/> with
    /// <c>INSUFFICIENT_SEATS</c> or <c>INVALID_INPUT</c>); for a key used before, that booking as it is now.</summary>
    public static async Task<SeatBooking> ReserveAsync(
        ITemporalClient client, SeatReservationInput input, string taskQueue, CancellationToken cancellationToken = default)
    {
        var options = Options(input, taskQueue);
        var start = WithStartWorkflowOperation.Create((SeatReservationWorkflow wf) => wf.RunAsync(input), options);
        try
        {
            return await client.ExecuteUpdateWithStartWorkflowAsync(
                (SeatReservationWorkflow wf) => wf.WaitForHoldAsync(),
                new(start) { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (WorkflowAlreadyStartedException)
        {
            return await ClosedBookingAsync(client, options.Id!, input, cancellationToken);
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.AlreadyExists)
        {
            return await ClosedBookingAsync(client, options.Id!, input, cancellationToken);
        }
    }

    public static Task<SeatBooking> ConfirmAsync(
        ITemporalClient client, string bookingId, SeatConfirmation payment, CancellationToken cancellationToken = default) =>
        UpdateAsync(bookingId, () => Handle(client, bookingId).ExecuteUpdateAsync(
            wf => wf.ConfirmAsync(payment), new() { Rpc = new() { CancellationToken = cancellationToken } }));

    public static Task<SeatBooking> ReleaseAsync(ITemporalClient client, string bookingId, CancellationToken cancellationToken = default) =>
        UpdateAsync(bookingId, () => Handle(client, bookingId).ExecuteUpdateAsync(
            wf => wf.ReleaseAsync(), new() { Rpc = new() { CancellationToken = cancellationToken } }));

    /// <summary>The booking as the workflow sees it now (running or closed).</summary>
    public static async Task<SeatBooking> GetAsync(ITemporalClient client, string bookingId, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Handle(client, bookingId).QueryAsync(wf => wf.GetBooking(), new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw NotFound(bookingId, "no such booking");
        }
    }

    /// <summary>A booking id as users type it: the full workflow id, or just the key.</summary>
    public static string BookingIdOf(string idOrKey) =>
        idOrKey.StartsWith(SeatReservationWorkflow.IdPrefix, StringComparison.Ordinal) ? idOrKey : SeatReservationWorkflow.WorkflowId(idOrKey);

    public static WorkflowHandle<SeatReservationWorkflow, SeatReservationResult> Handle(ITemporalClient client, string bookingId) =>
        client.GetWorkflowHandle<SeatReservationWorkflow, SeatReservationResult>(BookingIdOf(bookingId));

    // Unknown id, closed workflow ("workflow execution already completed") or a validator's refusal: one error type.
    private static async Task<SeatBooking> UpdateAsync(string bookingId, Func<Task<SeatBooking>> update)
    {
        try
        {
            return await update();
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException failure)
        {
            throw new SeatReservationException(failure.ErrorType ?? SagaErrors.ActivityFailed, failure.Message);
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.FailedPrecondition)
        {
            throw NotFound(bookingId, e.Message);
        }
    }

    private static SeatReservationException NotFound(string bookingId, string reason) =>
        new(SeatErrors.ReservationNotFound, $"reservation {BookingIdOf(bookingId)} not found or no longer held ({reason})");

    private static async Task<SeatBooking> ClosedBookingAsync(
        ITemporalClient client, string bookingId, SeatReservationInput input, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Handle(client, bookingId).GetResultAsync(rpcOptions: new() { CancellationToken = cancellationToken });
            return result.Booking;
        }
        catch (WorkflowFailedException e)
        {
            var failure = e.InnerException as ApplicationFailureException;
            return new SeatBooking(
                bookingId, input.Key, input.ZoneId, input.Quantity, SeatBookingStatus.Rejected,
                ErrorType: failure?.ErrorType ?? e.InnerException?.GetType().Name, Error: e.InnerException?.Message ?? e.Message);
        }
    }
}
