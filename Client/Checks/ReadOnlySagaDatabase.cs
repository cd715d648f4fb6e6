using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Client.Checks;

/// <summary>
/// The worker's database opened read-only for input checks: the CLI never creates, migrates or seeds it (the worker
/// owns it). No pragma interceptor either: those settings write.
/// </summary>
public static class ReadOnlySagaDatabase
{
    /// <summary>The database, or null (after one warning line on stderr) when the worker has not created it yet.</summary>
    public static SagasDbContext? TryOpen(DataCheckContext context, string checkedBy)
    {
        var settings = SagaDatabase.Settings(context.Configuration);
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            // A server database exists or the connection fails loudly; every transaction of this session is read-only.
            var postgres = new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString) { Options = "-c default_transaction_read_only=on" };
            return SagaDatabase.Open(settings with { ConnectionString = postgres.ConnectionString });
        }

        var connection = new SqliteConnectionStringBuilder(settings.ConnectionString);
        var path = connection.DataSource;

        // A directory where the file should be is a broken configuration, not a missing database: opening it fails.
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Warn(context, path, checkedBy);
            return null;
        }

        connection.Mode = SqliteOpenMode.ReadOnly;
        var options = new DbContextOptionsBuilder<SagasDbContext>().UseSqlite(connection.ToString()).Options;
        return new SagasDbContext(options);
    }

    /// <summary>True for the error of a database file the worker has created but not migrated yet.</summary>
    public static bool IsNotMigrated(Exception e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 1 && sqlite.Message.Contains("no such table", StringComparison.Ordinal),
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable,
        _ => false,
    };

    public static void Warn(DataCheckContext context, string path, string checkedBy) =>
        context.Error.WriteLine(
            $"warning: no sagas database at {path} yet (the worker creates it); skipping the data check, {checkedBy} checks it");
}
