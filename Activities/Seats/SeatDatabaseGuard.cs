using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Seats;

/// <summary>
/// Runs one seat activity's database work so that a locked or unreadable database is a retryable
/// <c>DATABASE_UNAVAILABLE</c> failure: the server retries the activity on its retry policy (and the attempt number
/// shows how often), instead of one attempt hanging until its timeout. The whole effect is one transaction, so an
/// attempt that fails writes nothing.
/// SQLite has one writer at a time and Microsoft.Data.Sqlite waits for its lock by blocking a thread: a hundred
/// activities contending for one zone would starve the worker's thread pool (polling included). So a worker lets
/// <see cref="SeatWriterGate.MaxConcurrentWriters"/> seat transactions in at once and queues the rest without blocking
/// a thread. The gate belongs to the worker host (a singleton of its services), not to the process: two hosts in one
/// process — the tests' workers, the load tool's in-process workers — do not queue behind each other.
/// </summary>
public sealed class SeatDatabaseGuard(SagasDbContext db, SeatWriterGate gate, ILogger<SeatDatabaseGuard> logger)
{
    /// <summary>How long one attempt waits for another writer's lock (the shared setting waits 30 s).</summary>
    public const int BusyTimeoutMs = 3000;

    public async Task<T> RunAsync<T>(string operation, string idempotencyKey, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await gate.Writers.WaitAsync(cancellationToken);
        try
        {
            if (db.Database.IsSqlite())
            {
                // Every wait for the lock ends after BusyTimeoutMs: SQLite's busy handler (the busy_timeout pragma,
                // also the one the connection's first open runs, which takes DefaultTimeout) and Microsoft.Data.Sqlite's
                // own retry loop around SQLITE_BUSY (the command timeout). With the 30 s defaults one attempt took 31.5 s.
                ((SqliteConnection)db.Database.GetDbConnection()).DefaultTimeout = BusyTimeoutMs / 1000;
                db.Database.SetCommandTimeout(TimeSpan.FromMilliseconds(BusyTimeoutMs));
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 3000", cancellationToken); // BusyTimeoutMs
            }

            return await work();
        }
        catch (Exception e) when (Unavailable(e) is { } sqlite)
        {
            logger.LogWarning(
                "{Operation} {IdempotencyKey}: database unavailable (SQLite error {SqliteError}: {Reason}); the server retries",
                operation, idempotencyKey, sqlite.SqliteErrorCode, sqlite.Message);
            throw new ApplicationFailureException(
                $"{operation}: database unavailable ({sqlite.Message})", SeatErrors.DatabaseUnavailable, nonRetryable: false);
        }
        finally
        {
            gate.Writers.Release();
        }
    }

    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOTADB (primary codes), anywhere in the chain.
    private static SqliteException? Unavailable(Exception e)
    {
        for (var current = (Exception?)e; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 or 26 } sqlite)
            {
                return sqlite;
            }
        }

        return null;
    }
}

/// <summary>One worker host's limit on seat transactions at once (see <see cref="SeatDatabaseGuard"/>).</summary>
public sealed class SeatWriterGate : IDisposable
{
    public const int MaxConcurrentWriters = 2;

    public SemaphoreSlim Writers { get; } = new(MaxConcurrentWriters);

    public void Dispose() => Writers.Dispose();
}
