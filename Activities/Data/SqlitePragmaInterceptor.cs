using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the one writer; the busy timeout makes a
/// writer wait for the lock instead of failing with "database is locked" when workers run side by side.
/// Microsoft.Data.Sqlite pools connections, and the pragmas stay set on a pooled native connection, so they run once
/// per native connection rather than on every open (three statements parsed and run per activity before).
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // The busy timeout is the connection's default command timeout (30 s unless a caller set it lower before opening).
    private static string Pragmas(SqliteConnection connection) =>
        $"PRAGMA busy_timeout = {connection.DefaultTimeout * 1000}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";

    public static readonly SqlitePragmaInterceptor Instance = new();

    // Native connections already set up; weak, so a connection the pool closes for good is forgotten with it.
    private readonly ConditionalWeakTable<object, object> configured = [];

    // A native connection serves one open connection at a time, so there is no race between the check and Done.
    private bool FirstOpen(SqliteConnection connection) =>
        connection.Handle is not { } handle || !configured.TryGetValue(handle, out _);

    private void Done(SqliteConnection connection)
    {
        if (connection.Handle is { } handle)
        {
            configured.AddOrUpdate(handle, handle);
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection sqlite && FirstOpen(sqlite))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas(sqlite);
            command.ExecuteNonQuery();
            Done(sqlite);
        }
    }

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection sqlite && FirstOpen(sqlite))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas(sqlite);
            await command.ExecuteNonQueryAsync(cancellationToken);
            Done(sqlite);
        }
    }
}
