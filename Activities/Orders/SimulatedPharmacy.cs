using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Activities.Orders;

/// <summary>SIMULATED pharmacy service, backed by the sagas database: prescriptions a pharmacist decides on.</summary>
public sealed class SimulatedPharmacy(SagasDbContext db)
{
    public Prescription Create(string orderId, string idempotencyKey, IReadOnlyList<string> skus)
    {
        var prescription = new Prescription
        {
            Id = Ids.New("rx"),
            OrderId = orderId,
            SkusJson = JsonSerializer.Serialize(skus),
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Prescriptions().Add(prescription);
        return prescription;
    }

    /// <summary>Cancels the prescription created under <paramref name="stepKey"/>, once.</summary>
    public async Task<string> CancelAsync(string stepKey, CancellationToken cancellationToken)
    {
        var prescriptions = db.Prescriptions().Where(p => p.IdempotencyKey == stepKey);
        if (!await prescriptions.AnyAsync(cancellationToken))
        {
            return CompensationOutcome.NothingToUndo;
        }

        var cancelled = await prescriptions.Where(p => p.Status != Prescription.Cancelled).ExecuteUpdateAsync(
            s => s.SetProperty(p => p.Status, Prescription.Cancelled).SetProperty(p => p.CancelledUtc, DateTime.UtcNow),
            cancellationToken);
        return cancelled == 0 ? CompensationOutcome.AlreadyUndone : CompensationOutcome.Undone;
    }
}
