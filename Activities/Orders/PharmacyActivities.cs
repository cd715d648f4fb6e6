using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Activities.Orders;

/// <summary>Prescriptions at the (simulated) pharmacy; each effect and its domain event commit together.</summary>
public class PharmacyActivities(
    Idempotency idempotency, FaultInjector faults, DomainEventStore events, SimulatedPharmacy pharmacy, OrderCompensations compensations)
{
    [Activity]
    public async Task<PrescriptionCreated> CreatePrescriptionAsync(CreatePrescriptionRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(OrderSteps.CreatePrescription, request.IdempotencyKey, request.Faults);
        var created = await idempotency.RunOnceAsync(request.IdempotencyKey, "create-prescription", request, async () =>
        {
            var prescription = pharmacy.Create(request.OrderId, request.IdempotencyKey, request.Skus);
            await events.AppendAsync(
                request.OrderId,
                OrderEventTypes.PrescriptionCreated,
                new { prescriptionId = prescription.Id, skus = request.Skus },
                request.IdempotencyKey,
                ct);
            return new PrescriptionCreated(prescription.Id, request.OrderId);
        }, ct);
        faults.AfterEffect(OrderSteps.CreatePrescription, request.IdempotencyKey, request.Faults);
        return created;
    }

    [Activity]
    public Task<string> CancelPrescriptionAsync(OrderUndoRequest request) =>
        compensations.UndoAsync(request, "cancel-prescription", ct => pharmacy.CancelAsync(request.StepKey, ct));
}
