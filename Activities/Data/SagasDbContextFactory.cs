using Microsoft.EntityFrameworkCore.Design;

namespace TemporalSagas.Activities.Data;

/// <summary>Lets <c>dotnet ef</c> build the context without a host.</summary>
internal sealed class SagasDbContextFactory : IDesignTimeDbContextFactory<SagasDbContext>
{
    public SagasDbContext CreateDbContext(string[] args) =>
        new(SagaDatabase.Options(
            Environment.GetEnvironmentVariable("ConnectionStrings__Sagas") is { Length: > 0 } configured
                ? configured
                : SagaDatabase.DefaultConnectionString()));
}

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL context for its migrations (no server needed to add one):
/// <c>dotnet ef migrations add NAME --project Activities --context PostgresSagasDbContext --output-dir Data/Migrations/Postgres</c>.
/// </summary>
internal sealed class PostgresSagasDbContextFactory : IDesignTimeDbContextFactory<PostgresSagasDbContext>
{
    public PostgresSagasDbContext CreateDbContext(string[] args)
    {
        var builder = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PostgresSagasDbContext>();
        SagaDatabase.Configure(builder, DatabaseSettings.Postgres(
            Environment.GetEnvironmentVariable("ConnectionStrings__Sagas") is { Length: > 0 } configured && !configured.Contains("Data Source", StringComparison.OrdinalIgnoreCase)
                ? configured
                : "Host=localhost;Database=sagas;Username=sagas"));
        return new PostgresSagasDbContext(builder.Options);
    }
}
