using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Activities.Orders;

/// <summary>
/// Orders: stock never negative; for the seeded SKUs, stock equals the seeded stock minus what live reservations
/// hold (a shipped order keeps its reservation). SKUs added by hand have no known initial stock: only the first rule.
/// </summary>
public sealed class OrderInvariants : IInvariantCheck
{
    public string Domain => "orders";

    public async Task<IReadOnlyList<InvariantViolation>> CheckAsync(SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var violations = new List<InvariantViolation>();
        var items = await db.InventoryItems().AsNoTracking().ToListAsync(cancellationToken);
        var reserved = (await db.InventoryReservations().AsNoTracking()
                .Where(r => r.Status == InventoryReservation.Reserved)
                .Select(r => r.LinesJson)
                .ToListAsync(cancellationToken))
            .SelectMany(json => JsonSerializer.Deserialize<List<OrderLine>>(json) ?? [])
            .GroupBy(l => l.Sku)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var initial = OrderDemoData.Items.ToDictionary(i => i.Sku, i => i.Stock);

        foreach (var item in items)
        {
            if (item.Stock < 0)
            {
                violations.Add(new(Domain, "stock-never-negative", item.Sku, $"{item.Stock} in stock"));
            }

            var held = reserved.GetValueOrDefault(item.Sku);
            if (initial.TryGetValue(item.Sku, out var seeded) && item.Stock != seeded - held)
            {
                violations.Add(new(
                    Domain, "stock-balance", item.Sku, $"stock {item.Stock} != initial {seeded} - reserved {held} = {seeded - held}"));
            }
        }

        return violations;
    }
}
