using Temporalio.Client;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Load.Dirty;

/// <summary>
/// Where a dirty scenario runs: a Temporal server, worker processes on one task queue and their SQLite database.
/// <c>starter load --scenario</c> starts its own (<see cref="ChildDirtyHost"/>); the end-to-end tests use the test
/// fixture's dev server. Kills are real: <c>kill -9</c> of a worker or of the dev server.
/// </summary>
public interface IDirtyHost
{
    ITemporalClient Client { get; }

    string TaskQueue { get; }

    /// <summary>The workers' database (SQLite for <c>starter load</c>; the tests also run some scenarios on PostgreSQL).</summary>
    DatabaseSettings Database { get; }

    string ConnectionString => Database.ConnectionString;

    /// <summary>SIGKILL one running worker process (no graceful shutdown).</summary>
    Task KillWorkerAsync();

    /// <summary>Starts one more worker process on the task queue and database.</summary>
    Task StartWorkerAsync();

    /// <summary>SIGKILL the file-backed dev server, wait <paramref name="down"/>, start it again on the same port and
    /// database file. The client and the workers are left alone: they must reconnect by themselves.</summary>
    Task RestartServerAsync(TimeSpan down);
}
