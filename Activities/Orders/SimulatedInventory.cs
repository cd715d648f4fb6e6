using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Activities.Orders;

/// <summary>
/// SIMULATED inventory service, backed by the sagas database. A reservation takes every line or none: one
/// conditional UPDATE per SKU inside the caller's transaction; the first short line throws and the transaction
/// rolls back the lines already taken.
/// </summary>
public sealed class SimulatedInventory(SagasDbContext db)
{
    public async Task<InventoryReservation> ReserveAsync(
        string orderId, string idempotencyKey, IReadOnlyList<OrderLine> items, CancellationToken cancellationToken)
    {
        // The same SKU twice in one order is one demand.
        var lines = items.GroupBy(i => i.Sku, StringComparer.Ordinal)
            .Select(g => new OrderLine(g.Key, g.Sum(i => i.Quantity)))
            .OrderBy(l => l.Sku, StringComparer.Ordinal)
            .ToList();
        foreach (var line in lines)
        {
            var item = db.InventoryItems().Where(i => i.Sku == line.Sku);
            var taken = await item.Where(i => i.Stock >= line.Quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock - line.Quantity), cancellationToken);
            if (taken == 0)
            {
                var stock = await item.Select(i => (int?)i.Stock).FirstOrDefaultAsync(cancellationToken);
                throw stock is null
                    ? BusinessFailure.InvalidInput($"unknown SKU '{line.Sku}'")
                    : BusinessFailure.Create(OrderErrors.OutOfStock, $"{line.Quantity} x {line.Sku} requested, {stock} in stock");
            }
        }

        var reservation = new InventoryReservation
        {
            Id = Ids.New("rsv"),
            OrderId = orderId,
            LinesJson = JsonSerializer.Serialize(lines),
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        };
        db.InventoryReservations().Add(reservation);
        return reservation;
    }

    /// <summary>Puts the stock of the reservation made under <paramref name="stepKey"/> back, once.</summary>
    public async Task<string> ReleaseAsync(string stepKey, CancellationToken cancellationToken)
    {
        var reservation = await db.InventoryReservations().AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == stepKey, cancellationToken);
        if (reservation is null)
        {
            return CompensationOutcome.NothingToUndo;
        }

        // reserved → released happens once, so the stock goes back once.
        var released = await db.InventoryReservations()
            .Where(r => r.Id == reservation.Id && r.Status == InventoryReservation.Reserved)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.Status, InventoryReservation.Released).SetProperty(r => r.ReleasedUtc, DateTime.UtcNow),
                cancellationToken);
        if (released == 0)
        {
            return CompensationOutcome.AlreadyUndone;
        }

        foreach (var line in Lines(reservation))
        {
            await db.InventoryItems().Where(i => i.Sku == line.Sku)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock + line.Quantity), cancellationToken);
        }

        return CompensationOutcome.Undone;
    }

    public static IReadOnlyList<OrderLine> Lines(InventoryReservation reservation) =>
        JsonSerializer.Deserialize<List<OrderLine>>(reservation.LinesJson) ?? [];
}
