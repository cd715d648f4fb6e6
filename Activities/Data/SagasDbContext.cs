using System.Text;
using Microsoft.EntityFrameworkCore;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// The sagas' database. Each domain maps its own entities with <c>IEntityTypeConfiguration</c> classes in its folder
/// (found here by assembly scan) and reaches them with <c>db.Set&lt;T&gt;()</c> helpers of its own.
/// </summary>
public class SagasDbContext : DbContext
{
    public SagasDbContext(DbContextOptions<SagasDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclass (<see cref="PostgresSagasDbContext"/>), whose migrations are its own.</summary>
    protected SagasDbContext(DbContextOptions options)
        : base(options)
    {
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SagasDbContext).Assembly);

        // snake_case columns everywhere, so hand-written SQL and the check constraints read naturally.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
