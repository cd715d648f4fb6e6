using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Starter.Cli;

/// <summary>
/// The worker's database opened read-only for input checks: the CLI never creates, migrates or seeds it (the worker
/// owns it). No pragma interceptor either: those settings write.
/// </summary>
public static class ReadOnlySagaDatabase
{
    /// <summary>The database, or null (after one warning line on stderr) when the worker has not created it yet.</summary>
    public static SagasDbContext? TryOpen(CliContext context, string checkedBy)
    {
        var connection = new SqliteConnectionStringBuilder(SagaDatabase.ConnectionString(context.Configuration));
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
    public static bool IsNotMigrated(SqliteException e) =>
        e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal);

    public static void Warn(CliContext context, string path, string checkedBy) =>
        context.Console.Error.WriteLine(
            $"warning: no sagas database at {path} yet (the worker creates it); skipping the data check, {checkedBy} checks it");
}
