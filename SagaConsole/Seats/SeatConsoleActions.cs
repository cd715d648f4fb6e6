using System.Globalization;
using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.SagaConsole;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.SagaConsole.Seats;

/// <summary>The body of <c>POST /api/sagas/{workflowId}/confirm</c>: <c>seats confirm</c>'s options as JSON, and the
/// failures the payment and the confirmation may simulate.</summary>
/// <param name="SlowPaymentSeconds">A payment provider that takes this long (longer than the timeout: <c>PAYMENT_TIMEOUT</c>).</param>
public sealed record SeatConfirmRequest(
    string PaymentMethod = "card",
    int? PaymentTimeoutSeconds = null,
    double? SlowPaymentSeconds = null,
    string? FailAt = null,
    string? TransientAt = null,
    int TransientFailures = 2,
    string? FailCompensationOf = null);

/// <summary>The body of <c>POST /api/sagas/{workflowId}/release</c>: nothing to say, an empty object.</summary>
public sealed record SeatReleaseRequest;

/// <summary>Pays and confirms the held seats (update <c>Confirm</c>, as <c>seats confirm</c>).</summary>
public sealed class SeatConfirmAction : ConsoleAction
{
    private static readonly IReadOnlyList<string> Steps = [SeatSteps.ChargePayment, SeatSteps.ConfirmReservation];

    public override SagaDescriptor Saga => SeatActionSupport.Saga;

    public override string Name => "confirm";

    public override string Label => "Confirm";

    public override string WhileStep => SeatSteps.AwaitDecision;

    public override Type RequestType => typeof(SeatConfirmRequest);

    public override IReadOnlyList<ConsoleField> Fields =>
    [
        new("paymentMethod", "Payment method", "text", "card", Hint: $"{SimulatedSeatPayments.DeclinedCard} is declined"),
        new("paymentTimeoutSeconds", "Payment timeout (seconds)", "number", SeatConfirmation.DefaultPaymentTimeoutSeconds),
        new("slowPaymentSeconds", "Payment takes (seconds, optional)", "number", Hint: "longer than the timeout: PAYMENT_TIMEOUT"),
        .. ConsoleFaults.Fields(Steps),
    ];

    public override async Task<ConsoleActionOutcome> RunAsync(
        string workflowId, Func<Task<ITemporalClient>> clientAsync, HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ConsoleJson.ReadAsync<SeatConfirmRequest>(request, cancellationToken);
        var faults = ConsoleFaults.Read(Steps, body.FailAt, body.TransientAt, body.TransientFailures, body.FailCompensationOf);
        if (body.SlowPaymentSeconds is { } slow)
        {
            if (slow is <= 0 or > FaultPlan.MaxSlowSeconds)
            {
                throw ConsoleProblem.BadInput(
                    "slowPaymentSeconds",
                    $"slowPaymentSeconds must be above 0 and at most {FaultPlan.MaxSlowSeconds} (got {slow.ToString(CultureInfo.InvariantCulture)})");
            }

            faults = (faults ?? new FaultPlan()) with { SlowAt = SeatSteps.ChargePayment, SlowSeconds = slow };
        }

        var payment = new SeatConfirmation(body.PaymentMethod, body.PaymentTimeoutSeconds, faults);
        if (payment.Problems() is [var problem, ..])
        {
            throw ConsoleProblem.BadInput(
                problem.StartsWith("payment method", StringComparison.Ordinal) ? "paymentMethod"
                    : problem.StartsWith("payment timeout", StringComparison.Ordinal) ? "paymentTimeoutSeconds" : "failAt",
                problem);
        }

        var client = await SeatActionSupport.ExistingAsync(clientAsync, workflowId, cancellationToken);
        var booking = await SeatActionSupport.UpdateAsync(() => SeatReservationClient.ConfirmAsync(client, workflowId, payment, cancellationToken));
        return new(workflowId, Name, $"{booking.Status}: {SeatActionSupport.Describe(booking)}", booking);
    }
}

/// <summary>Gives the held seats back (update <c>Release</c>, as <c>seats release</c>): the saga ends Compensated.</summary>
public sealed class SeatReleaseAction : ConsoleAction
{
    public override SagaDescriptor Saga => SeatActionSupport.Saga;

    public override string Name => "release";

    public override string Label => "Release";

    public override string WhileStep => SeatSteps.AwaitDecision;

    public override Type RequestType => typeof(SeatReleaseRequest);

    public override IReadOnlyList<ConsoleField> Fields => [];

    public override async Task<ConsoleActionOutcome> RunAsync(
        string workflowId, Func<Task<ITemporalClient>> clientAsync, HttpRequest request, CancellationToken cancellationToken)
    {
        await ConsoleJson.ReadAsync<SeatReleaseRequest>(request, cancellationToken);
        var client = await SeatActionSupport.ExistingAsync(clientAsync, workflowId, cancellationToken);
        var booking = await SeatActionSupport.UpdateAsync(() => SeatReservationClient.ReleaseAsync(client, workflowId, cancellationToken));
        return new(workflowId, Name, $"{booking.Status}: {SeatActionSupport.Describe(booking)}", booking);
    }
}

/// <summary>What the seat actions share: the booking must exist (404), and a refusal is a conflict with its error type.</summary>
internal static class SeatActionSupport
{
    public static SagaDescriptor Saga => SagaCatalog.All.Single(d => d.WorkflowClass == typeof(SeatReservationWorkflow));

    public static async Task<ITemporalClient> ExistingAsync(Func<Task<ITemporalClient>> clientAsync, string workflowId, CancellationToken cancellationToken)
    {
        var client = await clientAsync();
        try
        {
            await client.GetWorkflowHandle(workflowId).DescribeAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
            return client;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            throw ConsoleProblem.NotFound("workflowId", $"no seat reservation {workflowId}");
        }
    }

    // A declined or timed-out payment, a booking no longer held: the saga refused, as `seats confirm` exits 1.
    public static async Task<SeatBooking> UpdateAsync(Func<Task<SeatBooking>> update)
    {
        try
        {
            return await update();
        }
        catch (SeatReservationException e) when (e.ErrorType == SagaErrors.InvalidInput)
        {
            throw ConsoleProblem.BadInput("body", e.Message);
        }
        catch (SeatReservationException e)
        {
            throw new ConsoleProblem(StatusCodes.Status409Conflict, e.ErrorType, e.Message, "workflowId");
        }
    }

    public static string Describe(SeatBooking booking) =>
        $"{booking.Quantity} seat(s) in {booking.ZoneId}" +
        (booking.Amount > 0 ? $", {booking.Amount.ToString("0.00", CultureInfo.InvariantCulture)}" : string.Empty) +
        (booking.PaymentId is { } paid ? $", paid by {paid}" : string.Empty) +
        (booking.ErrorType is { } type ? $" ({type})" : string.Empty);
}
