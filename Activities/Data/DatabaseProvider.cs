namespace TemporalSagas.Activities.Data;

/// <summary>Which database the sagas' data lives in: <c>Database:Provider</c> (env <c>Database__Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>The embedded default: one file, one machine.</summary>
    Sqlite,

    /// <summary>A shared server for several worker processes on several hosts.</summary>
    Postgres,
}

/// <summary>The provider and its connection string, as the configuration gives them.</summary>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString)
{
    public const string ProviderSetting = "Database:Provider";

    public static DatabaseSettings Sqlite(string connectionString) => new(DatabaseProvider.Sqlite, connectionString);

    public static DatabaseSettings Postgres(string connectionString) => new(DatabaseProvider.Postgres, connectionString);

    /// <summary>Never the connection string: it may hold a password.</summary>
    public override string ToString() => Provider.ToString();
}

/// <summary>The database settings are wrong (an unknown provider, PostgreSQL without a connection string).</summary>
public sealed class DatabaseConfigurationException(string message) : InvalidOperationException(message);
