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

    /// <summary>
    /// <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>Postgres</c>) and <c>ConnectionStrings:Sagas</c>.
    /// PostgreSQL needs a connection string; SQLite falls back to a file under LocalApplicationData.
    /// </summary>
    /// <exception cref="DatabaseConfigurationException">An unknown provider, or PostgreSQL without a connection string.</exception>
    public static DatabaseSettings Settings(IConfiguration? configuration = null)
    {
        var name = configuration?[DatabaseSettings.ProviderSetting];
        var provider = string.IsNullOrWhiteSpace(name)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new DatabaseConfigurationException($"{DatabaseSettings.ProviderSetting} must be Sqlite or Postgres (got '{name}')");
        if (provider == DatabaseProvider.Postgres && configuration?.GetConnectionString(ConnectionStringName) is not { Length: > 0 })
        {
            throw new DatabaseConfigurationException(
                $"{DatabaseSettings.ProviderSetting} is Postgres but ConnectionStrings:{ConnectionStringName} is not set (e.g. Host=db;Database=sagas;Username=sagas;Password=...)");
        }

        return new DatabaseSettings(provider, ConnectionString(configuration));
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        Configure(options, DatabaseSettings.Sqlite(connectionString));

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSettings settings) =>
        settings.Provider switch
        {
            DatabaseProvider.Postgres => options.UseNpgsql(settings.ConnectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly)),
            _ => options
                .UseSqlite(settings.ConnectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly))
                .AddInterceptors(SqlitePragmaInterceptor.Instance),
        };

    /// <summary>Registers the scoped <see cref="SagasDbContext"/> (the PostgreSQL subclass when that is the provider).</summary>
    /// The options are built once (a singleton): every activity gets its own context, but not its own copy of the
    /// provider configuration, which EF Core would otherwise rebuild per scope.
    public static IServiceCollection AddSagasDbContext(this IServiceCollection services, DatabaseSettings settings) =>
        settings.Provider == DatabaseProvider.Postgres
            ? services.AddDbContext<SagasDbContext, PostgresSagasDbContext>(
                options => Configure(options, settings), ServiceLifetime.Scoped, ServiceLifetime.Singleton)
            : services.AddDbContext<SagasDbContext>(options => Configure(options, settings), ServiceLifetime.Scoped, ServiceLifetime.Singleton);

    public static DbContextOptions<SagasDbContext> Options(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<SagasDbContext>();
        Configure(builder, connectionString);
        return builder.Options;
    }

    /// <summary>A new context on this database, of the provider's type; the caller disposes it.</summary>
    public static SagasDbContext Open(DatabaseSettings settings)
    {
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            var builder = new DbContextOptionsBuilder<PostgresSagasDbContext>();
            Configure(builder, settings);
            return new PostgresSagasDbContext(builder.Options);
        }

        return new SagasDbContext(Options(settings.ConnectionString));
    }

    private static string MigrationsAssembly => typeof(SagaDatabase).Assembly.GetName().Name!;

    /// <summary>Applies migrations, then seeds every domain's demo data. Safe when several processes start together.</summary>
    public static async Task MigrateAndSeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await MigrateAndSeedAsync(scope.ServiceProvider.GetRequiredService<SagasDbContext>(), cancellationToken);
    }

    public static async Task MigrateAndSeedAsync(SagasDbContext db, CancellationToken cancellationToken = default)
    {
        // A PostgreSQL database of a release from before the migrations were additive first gets today's first migration.
        await PostgresReleaseRepair.RunAsync(db, cancellationToken);
        // EF Core takes a migrations lock, so two processes migrating at once apply each migration once.
        await db.Database.MigrateAsync(cancellationToken);
        foreach (var module in SagaModules.All)
        {
            await module.SeedAsync(db, cancellationToken);
        }
    }
}
