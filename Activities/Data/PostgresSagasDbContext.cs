using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so EF Core keeps a second migration set
/// (<c>Data/Migrations/Postgres</c>, <c>[DbContext(typeof(PostgresSagasDbContext))]</c>); every caller sees a
/// <see cref="SagasDbContext"/>.
/// </summary>
public sealed class PostgresSagasDbContext(DbContextOptions<PostgresSagasDbContext> options) : SagasDbContext(options)
{
    private static readonly ValueConverter<DateTime, DateTime> UtcConverter = new(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtcConverter = new(
        v => v.HasValue ? UtcConverter.ConvertToProviderTyped(v.Value) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        // Times are UTC everywhere (timestamptz). Npgsql refuses a DateTime whose Kind is not Utc, and one that
        // reached an entity from JSON or SQLite-era code may be Unspecified: it is UTC by this codebase's rule.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()))
        {
            if (property.ClrType == typeof(DateTime))
            {
                property.SetValueConverter(UtcConverter);
            }
            else if (property.ClrType == typeof(DateTime?))
            {
                property.SetValueConverter(NullableUtcConverter);
            }
        }
    }
}
