using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Orders.Data;

namespace TemporalSagas.Activities.Orders;

/// <summary>SIMULATED inventory's demo SKUs; those marked need a pharmacist's approval.</summary>
public static class OrderDemoData
{
    public const string Vitamins = "VITC-500";
    public const string Bandages = "BAND-10";
    public const string Antibiotic = "AMOX-250";
    public const string Inhaler = "SALB-100";
    public const string LastOne = "THERM-01";

    public static readonly IReadOnlyList<(string Sku, string Name, int Stock, bool RequiresPrescription)> Items =
    [
        (Vitamins, "Vitamin C 500 mg", 500, false),
        (Bandages, "Bandages, pack of 10", 300, false),
        (Antibiotic, "Amoxicillin 250 mg", 120, true),
        (Inhaler, "Salbutamol inhaler 100 mcg", 40, true),
        (LastOne, "Digital thermometer", 1, false),
    ];

    /// <summary>Adds only the SKUs that are missing, so it never resets stock the sagas have changed.</summary>
    public static async Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.InventoryItems().Select(i => i.Sku).ToListAsync(cancellationToken);
        foreach (var (sku, name, stock, prescription) in Items.Where(i => !existing.Contains(i.Sku)))
        {
            db.InventoryItems().Add(new InventoryItem { Sku = sku, Name = name, Stock = stock, RequiresPrescription = prescription });
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
