using TemporalSagas.Activities.Data;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Postgres;

/// <summary>The end-to-end fixture (dev server, real worker) on a fresh PostgreSQL database instead of SQLite.</summary>
public sealed class PostgresDevServerFixture : DevServerFixture
{
    public const string Category = "Postgres";

    protected override async Task<DatabaseSettings> CreateDatabaseAsync(string directory) =>
        DatabaseSettings.Postgres(await PostgresServer.CreateDatabaseAsync("sagas_e2e"));
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresDevServerFixture>
{
    public const string Name = "dev server on PostgreSQL";
}
