using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Activities.Orders;

/// <summary>
/// SIMULATED carrier, backed by the sagas database: books a shipment and hands out a tracking number. Its
/// transient outages are simulated with the fault plan (<c>TransientAt = INITIATE_SHIPMENT</c>) and retried by
/// the step's retry policy.
/// </summary>
public sealed class SimulatedCarrier(SagasDbContext db)
{
    public const string Name = "SIMULATED-POST";

    private const string TrackingAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<Shipment> ShipAsync(string orderId, string idempotencyKey, string address, CancellationToken cancellationToken)
    {
        var tracking = NewTrackingNumber();
        while (await db.Shipments().AnyAsync(s => s.TrackingNumber == tracking, cancellationToken))
        {
            tracking = NewTrackingNumber();
        }

        var shipment = new Shipment
        {
            Id = Ids.New("shp"),
            OrderId = orderId,
            Carrier = Name,
            TrackingNumber = tracking,
            Address = address,
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Shipments().Add(shipment);
        return shipment;
    }

    /// <summary>Cancels the shipment booked under <paramref name="stepKey"/>, once.</summary>
    public async Task<string> CancelAsync(string stepKey, CancellationToken cancellationToken)
    {
        var shipments = db.Shipments().Where(s => s.IdempotencyKey == stepKey);
        if (!await shipments.AnyAsync(cancellationToken))
        {
            return CompensationOutcome.NothingToUndo;
        }

        var cancelled = await shipments.Where(s => s.Status != Shipment.Cancelled).ExecuteUpdateAsync(
            s => s.SetProperty(x => x.Status, Shipment.Cancelled).SetProperty(x => x.CancelledUtc, DateTime.UtcNow),
            cancellationToken);
        return cancelled == 0 ? CompensationOutcome.AlreadyUndone : CompensationOutcome.Undone;
    }

    private static string NewTrackingNumber() => "TS" + RandomNumberGenerator.GetString(TrackingAlphabet, 10);
}
