using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TemporalSagas.Activities.Data;

/// <summary>Where the sagas' database lives, how to open it, and how to bring it up to date.</summary>
public static class SagaDatabase
{
    public const string ConnectionStringName = "Sagas";

    /// <summary><c>ConnectionStrings:Sagas</c> (env <c>ConnectionStrings__Sagas</c>), else a SQLite file under LocalApplicationData.</summary>
    public static string ConnectionString(IConfiguration? configuration = null) =>
        configuration?.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured
            ? configured
            : DefaultConnectionString();

    public static string DefaultConnectionString()
    {
        var folder = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "temporalsagas");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "sagas.db")}";
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SagaDatabase).Assembly.GetName().Name))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);

    public static DbContextOptions<SagasDbContext> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<SagasDbContext>();
        Configure(builder, connectionString);
        return builder.Options;
    }

    /// <summary>Applies migrations, then seeds every domain's demo data. Safe when several processes start together.</summary>
    public static async Task MigrateAndSeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateAndSeedAsync(scope.ServiceProvider.GetRequiredService<SagasDbContext>(), cancellationToken);
    }

    public static async Task MigrateAndSeedAsync(SagasDbContext db, CancellationToken cancellationToken = default)
    {
        // EF Core takes a migrations lock, so two processes migrating at once apply each migration once.
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var module in SagaModules.All)
        {
            await module.SeedAsync(db, cancellationToken);
        }
    }
}
