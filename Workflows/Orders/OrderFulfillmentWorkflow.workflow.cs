using System.Text.Json;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Workflows.Orders;

/// <summary>
/// Order fulfillment for a pharmacy-style shop: create the order, have a pharmacist approve the prescription when an
/// item needs one (this may take hours), reserve the stock, ship. The saga deadline (24 h by default) bounds the
/// whole saga, the wait for the pharmacist included. Every step appends its domain event itself; the transitions
/// that have no activity (approval, final outcome) are recorded by <c>RecordTransition</c>.
/// </summary>
[Workflow]
[SagaWorkflow(SagaType, IdPrefix)]
public class OrderFulfillmentWorkflow : SagaWorkflowBase
{
    public const string SagaType = "OrderFulfillment";
    public const string IdPrefix = "order-";

    // Bookkeeping writes only the worker's own database: a local activity, no server round trip.
    private static StepOptions LocalStep => StepOptions.Default with { Local = true };

    /// <summary>
    /// The shipment is the order's pivot: once the carrier has the parcel nothing before it is undone, and a cancel or
    /// the deadline arriving later no longer unwinds the order. A carrier that refuses (a bad address) compensates at
    /// once; a carrier still failing after the retries, or a booking whose outcome is unknown (timed out, worker lost),
    /// waits for an operator rather than putting back stock a retry minutes later could ship.
    /// </summary>
    private static StepOptions ShipmentStep => StepOptions.Default with { Failures = FailurePolicy.ReviewWhenStuck, Pivot = true };

    // Sagas started before the shipment had its policy replay with the default step options.
    private const string ShipmentReviewPatch = "order-shipment-review";

    private readonly OrderFulfillmentInput input;
    private readonly SagaEngine saga;

    protected override SagaEngine Saga => saga;
    private OrderCheck? check;
    private PrescriptionApproval? approval;
    private PrescriptionRejection? rejection;

    // The approval window: open until the saga took a decision or stopped waiting for one (deadline, cancel, failure).
    private bool decisionTaken;
    private bool approvalWindowClosed;

    [WorkflowInit]
    public OrderFulfillmentWorkflow(OrderFulfillmentInput input)
    {
        this.input = input;
        saga = new(SagaType, new SagaOptions { Deadline = input.EffectiveDeadline });
    }

    private static string SagaId => Workflow.Info.WorkflowId;

    public static string WorkflowId(string orderId) => IdPrefix + orderId;

    [WorkflowSignal]
    public Task PrescriptionApprovedAsync(PrescriptionApproval decision)
    {
        Decide(() => approval = decision, $"approved by {decision.Pharmacist}");
        return Task.CompletedTask;
    }

    [WorkflowSignal]
    public Task PrescriptionRejectedAsync(PrescriptionRejection decision)
    {
        Decide(() => rejection = decision, $"rejected: {decision.Reason}");
        return Task.CompletedTask;
    }

    [WorkflowUpdateValidator(nameof(ApprovePrescriptionAsync))]
    public void ValidateApprovePrescription(PrescriptionApproval decision) => EnsureDecidable(decision?.Problems() ?? ["a decision is required"], "approve");

    /// <summary>Approves the prescription and answers once the saga took the approval; refused (with the reason) when
    /// the order needs none, it was decided already, or the saga no longer waits for it.</summary>
    [WorkflowUpdate("ApprovePrescription")]
    public Task<PrescriptionDecisionAnswer> ApprovePrescriptionAsync(PrescriptionApproval decision)
    {
        approval = decision;
        Workflow.Logger.LogInformation("Order {OrderId}: prescription approved by {Pharmacist}", input.OrderId, decision.Pharmacist);
        return AnswerAsync("approved", decision.Pharmacist);
    }

    [WorkflowUpdateValidator(nameof(RejectPrescriptionAsync))]
    public void ValidateRejectPrescription(PrescriptionRejection decision) => EnsureDecidable(decision?.Problems() ?? ["a decision is required"], "reject");

    /// <summary>Rejects the prescription (the saga compensates) and answers once the saga took the rejection.</summary>
    [WorkflowUpdate("RejectPrescription")]
    public Task<PrescriptionDecisionAnswer> RejectPrescriptionAsync(PrescriptionRejection decision)
    {
        rejection = decision;
        Workflow.Logger.LogInformation("Order {OrderId}: prescription rejected: {Reason}", input.OrderId, decision.Reason);
        return AnswerAsync("rejected", decision.Pharmacist ?? string.Empty);
    }

    [WorkflowRun]
    public async Task<OrderFulfillmentResult> RunAsync(OrderFulfillmentInput input)
    {
        OrderFulfillmentResult result;
        try
        {
            result = await saga.RunAsync(FulfillAsync, state => OrderFulfillmentResult.FromFailure(state, input.OrderId), ValidateAsync);
        }
        catch (OperationCanceledException) when (Workflow.CancellationToken.IsCancellationRequested)
        {
            approvalWindowClosed = true;
            await RecordOutcomeAsync(saga.State);
            await Workflow.WaitConditionAsync(
            () => Workflow.AllHandlersFinished, Workflow.Patched(ShipmentReviewPatch) ? CancellationToken.None : Workflow.CancellationToken);
            throw;
        }
        catch (Exception)
        {
            approvalWindowClosed = true;
            throw;
        }

        approvalWindowClosed = true;
        await RecordOutcomeAsync(saga.State, result.TrackingNumber);

        // An approve or reject accepted while the saga ended answers (refused) before the workflow closes. Not
        // cancellable: a cancel that came after the pivot (the shipment) must not end a completed order Cancelled.
        await Workflow.WaitConditionAsync(
            () => Workflow.AllHandlersFinished, Workflow.Patched(ShipmentReviewPatch) ? CancellationToken.None : Workflow.CancellationToken);
        return result;
    }

    private async Task<OrderFulfillmentResult> FulfillAsync(SagaEngine s)
    {
        var faults = input.Faults;
        await s.StepAsync(
            OrderSteps.CreateOrder,
            step => step.RunAsync(
                (OrderActivities a) => a.CreateOrderAsync(
                    new(step.IdempotencyKey, input.OrderId, SagaId, input.Items, input.ShippingAddress, faults)),
                $"order {input.OrderId}, {input.Items.Count} line(s)"),
            undo => undo.RunAsync((OrderActivities a) => a.CancelOrderAsync(Undo(undo, OrderSteps.CreateOrder))),
            StepHappenedAsync);

        var prescriptionSkus = check?.PrescriptionSkus ?? [];
        if (input.RequiresPrescription || prescriptionSkus.Count > 0)
        {
            var skus = prescriptionSkus.Count > 0 ? prescriptionSkus : [.. input.Items.Select(i => i.Sku).Distinct()];
            var prescription = await s.StepAsync(
                OrderSteps.CreatePrescription,
                step => step.RunAsync(
                    (PharmacyActivities a) => a.CreatePrescriptionAsync(new(step.IdempotencyKey, input.OrderId, skus, faults)),
                    $"prescription for {string.Join(", ", skus)}"),
                undo => undo.RunAsync((PharmacyActivities a) => a.CancelPrescriptionAsync(Undo(undo, OrderSteps.CreatePrescription))),
                StepHappenedAsync);

            try
            {
                await s.WaitForAsync(
                    OrderSteps.AwaitPrescriptionApproval,
                    () => approval is not null || rejection is not null,
                    $"pharmacist's decision on {prescription.PrescriptionId} (update ApprovePrescription or RejectPrescription)");
                decisionTaken = true;
            }
            finally
            {
                approvalWindowClosed = true;
            }
            if (rejection is not null)
            {
                throw new ApplicationFailureException(
                    $"prescription {prescription.PrescriptionId} rejected: {rejection.Reason}", OrderErrors.PrescriptionRejected, nonRetryable: true);
            }

            await RecordStepAsync(
                s,
                OrderSteps.RecordApproval,
                OrderEventTypes.PrescriptionApproved,
                new { prescriptionId = prescription.PrescriptionId, pharmacist = approval!.Pharmacist });
        }
        else
        {
            s.Skip(OrderSteps.CreatePrescription, "no item requires a prescription");
        }

        await s.StepAsync(
            OrderSteps.ReserveInventory,
            step => step.RunAsync(
                (InventoryActivities a) => a.ReserveInventoryAsync(new(step.IdempotencyKey, input.OrderId, input.Items, faults)),
                string.Join(", ", input.Items.Select(i => $"{i.Quantity} x {i.Sku}"))),
            undo => undo.RunAsync((InventoryActivities a) => a.ReleaseInventoryAsync(Undo(undo, OrderSteps.ReserveInventory))),
            StepHappenedAsync);

        var shipment = await s.StepAsync(
            OrderSteps.InitiateShipment,
            step => step.RunAsync(
                (ShippingActivities a) => a.InitiateShipmentAsync(new(step.IdempotencyKey, input.OrderId, input.ShippingAddress, faults)),
                "book the carrier"),
            undo => undo.RunAsync((ShippingActivities a) => a.CancelShipmentAsync(Undo(undo, OrderSteps.InitiateShipment))),
            StepHappenedAsync,
            Workflow.Patched(ShipmentReviewPatch) ? ShipmentStep : null);

        return OrderFulfillmentResult.Fulfilled(s.State, input.OrderId, shipment);
    }

    private OrderUndoRequest Undo(StepContext undo, string step) => new(undo.IdempotencyKey, undo.StepKey, input.OrderId, step, input.Faults);

    // Every order step records its effect with the step's idempotency key in the sagas database.
    private static Task<bool> StepHappenedAsync(StepContext check) =>
        check.RunAsync((StepCheckActivities a) => a.StepHappenedAsync(new(check.StepKey)), "did the step take effect?");

    private Task RecordStepAsync(SagaEngine s, string step, string eventType, object payload) =>
        s.StepAsync(
            step,
            record => record.RunAsync(
                (OrderActivities a) => a.RecordTransitionAsync(new(record.IdempotencyKey, input.OrderId, eventType, Json(payload))),
                eventType),
            stepOptions: LocalStep);

    /// <summary>
    /// The final transition, after the engine has compensated: not a step (nothing to compensate), keyed by the
    /// engine's key for it, and detached from cancellation: a cancelled saga still records that it ended.
    /// </summary>
    private async Task RecordOutcomeAsync(SagaState state, string? trackingNumber = null)
    {
        // The input check could not reach the database (its retries spent): recording the outcome there would only
        // fail the same way for minutes more; the saga's own state and logs carry it.
        if (state.ErrorType == SagaErrors.ValidationUnavailable && state.Steps.Count == 0)
        {
            Workflow.Logger.LogWarning("Order {OrderId} ended {Status} before its first step: {Error}", input.OrderId, state.Status, state.Error);
            return;
        }

        var (eventType, payload) = state.Status switch
        {
            SagaStatus.Completed => (OrderEventTypes.FulfillmentCompleted, Json(new { sagaId = SagaId, trackingNumber })),
            SagaStatus.TimedOut => (OrderEventTypes.FulfillmentTimedOut, Json(Failure(state))),
            SagaStatus.Cancelled => (OrderEventTypes.FulfillmentCancelled, Json(Failure(state))),
            _ => (OrderEventTypes.FulfillmentFailed, Json(Failure(state))),
        };
        // One key per outcome: a `completed` recorded by a workflow task the server then rejected (a cancel raced it;
        // the retried task compensates) must not take the key of the `cancelled` that follows it.
        var key = SagaEngine.KeyFor(
            state.Status == SagaStatus.Completed ? OrderSteps.RecordOutcome : $"{OrderSteps.RecordOutcome}/{state.Status}");
        var appended = await Workflow.ExecuteLocalActivityAsync(
            (OrderActivities a) => a.RecordTransitionAsync(new(key, input.OrderId, eventType, payload)),
            new LocalActivityOptions
            {
                StartToCloseTimeout = TimeSpan.FromSeconds(30),

                // Bounded: a permanent error (a missing table) ends the saga within minutes, not never.
                ScheduleToCloseTimeout = TimeSpan.FromMinutes(2),
                RetryPolicy = new() { MaximumAttempts = 10, InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(30) },
                CancellationToken = CancellationToken.None,
                Summary = $"{OrderSteps.RecordOutcome}: {eventType}",
            });
        Workflow.Logger.LogInformation("Order {OrderId} ended {Status}; {EventType} appended: {Appended}", input.OrderId, state.Status, eventType, appended);
    }

    private static object Failure(SagaState state) => new
    {
        sagaId = SagaId,
        reason = OrderFulfillmentResult.FailureReasonOf(state),
        status = state.Status.ToString(),
        failedStep = state.FailedStep,
        errorType = state.ErrorType,
        error = state.Error,
    };

    private static string Json(object payload) => JsonSerializer.Serialize(payload, payload.GetType(), SagaDataConverter.JsonOptions);

    // The validator of both decisions: a bad argument is INVALID_INPUT; the rest say why the saga cannot take it now.
    private void EnsureDecidable(IReadOnlyList<string> problems, string action)
    {
        if (problems.Count > 0)
        {
            throw new ApplicationFailureException($"invalid {action}: {string.Join("; ", problems)}", SagaErrors.InvalidInput, nonRetryable: true);
        }

        if (approval is not null || rejection is not null)
        {
            throw new ApplicationFailureException(
                $"cannot {action} order {input.OrderId}: its prescription was already {(approval is not null ? $"approved by {approval.Pharmacist}" : "rejected")}",
                OrderErrors.PrescriptionAlreadyDecided,
                nonRetryable: true);
        }

        // Known once the input check ran: the same condition FulfillAsync skips the prescription on.
        var why = check is { } c && c.PrescriptionSkus.Count == 0 && !input.RequiresPrescription
            ? "no item of the order needs a prescription"
            : approvalWindowClosed || saga.CancellationToken.IsCancellationRequested || Workflow.CancellationToken.IsCancellationRequested
                ? $"its saga no longer waits for one ({saga.State.Status}{(saga.State.ErrorType is { } type ? $", {type}" : string.Empty)})"
                : null;
        if (why is not null)
        {
            throw new ApplicationFailureException($"cannot {action} order {input.OrderId}: {why}", OrderErrors.NotAwaitingApproval, nonRetryable: true);
        }
    }

    // Answers once the saga took this decision, or refuses when it stopped waiting first (the deadline in the same task).
    private async Task<PrescriptionDecisionAnswer> AnswerAsync(string decision, string pharmacist)
    {
        await Workflow.WaitConditionAsync(() => decisionTaken || approvalWindowClosed, CancellationToken.None);
        if (!decisionTaken)
        {
            throw new ApplicationFailureException(
                $"order {input.OrderId} stopped waiting for the prescription before the decision was taken ({saga.State.Status}" +
                $"{(saga.State.ErrorType is { } type ? $", {type}" : string.Empty)})",
                OrderErrors.NotAwaitingApproval,
                nonRetryable: true);
        }

        return new PrescriptionDecisionAnswer(input.OrderId, decision, pharmacist, saga.State.Status);
    }

    private void Decide(Action take, string decision)
    {
        if (approval is not null || rejection is not null)
        {
            Workflow.Logger.LogWarning("Order {OrderId}: prescription already decided; ignoring '{Decision}'", input.OrderId, decision);
            return;
        }

        take();
        Workflow.Logger.LogInformation("Order {OrderId}: prescription {Decision}", input.OrderId, decision);
    }

    private async Task<IReadOnlyList<string>> ValidateAsync()
    {
        if (input.Problems() is { Count: > 0 } problems)
        {
            return problems;
        }

        var request = new OrderCheckRequest(input.OrderId, [.. input.Items.Select(i => i.Sku)]);
        check = await SagaValidation.RunAsync(
            (OrderActivities a) => a.CheckOrderAsync(request),
            "check the input against the database");
        return check.Problems;
    }
}
