using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Temporalio.Testing;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Tests.Activities;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Postgres;

/// <summary>
/// A fresh PostgreSQL database (real migrations, demo data) with the Activities DI wiring over it, like
/// <see cref="TestDatabase"/> on SQLite: every activity call gets its own scope and an <see cref="ActivityEnvironment"/>
/// with the attempt number the server would give it.
/// </summary>
public sealed class PostgresActivityDatabase : IAsyncDisposable
{
    public const string WorkflowId = "pg-activity-test";

    private PostgresActivityDatabase(string connectionString)
    {
        ConnectionString = connectionString;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [DatabaseSettings.ProviderSetting] = nameof(DatabaseProvider.Postgres),
                ["ConnectionStrings:Sagas"] = connectionString,
                ["Faults:Enabled"] = "false",
            })
            .Build();
        Services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(Logs))
            .AddSagaActivities(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public string ConnectionString { get; }

    public ServiceProvider Services { get; }

    public TestLoggerProvider Logs { get; } = new();

    public static async Task<PostgresActivityDatabase> CreateAsync()
    {
        var database = new PostgresActivityDatabase(await PostgresServer.CreateDatabaseAsync("sagas_act"));
        await SagaDatabase.MigrateAndSeedAsync(database.Services);
        return database;
    }

    public SagasDbContext NewContext() => SagaDatabase.Open(DatabaseSettings.Postgres(ConnectionString));

    /// <summary>One delivery of an activity: its own scope, <paramref name="attempt"/> as the server numbers it.</summary>
    public async Task<T> RunAsync<TActivities, T>(Func<TActivities, Task<T>> call, int attempt)
        where TActivities : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<TActivities>();
        var environment = new ActivityEnvironment
        {
            Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt, WorkflowId = WorkflowId },
        };
        return await environment.RunAsync(() => call(activities));
    }

    /// <summary>
    /// Another transaction takes a row lock (<paramref name="lockSql"/>, a <c>SELECT ... FOR UPDATE</c>) and keeps it
    /// until the returned lock is disposed: a writer that needs the row waits, as behind a slow or stuck transaction.
    /// </summary>
    public async Task<RowLock> LockAsync(string lockSql)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand(lockSql, connection, transaction))
        {
            (await command.ExecuteScalarAsync()).Should().NotBeNull("the row to lock exists: {0}", lockSql);
        }

        return new RowLock(connection, transaction);
    }

    /// <summary>Waits until <paramref name="count"/> other sessions of this database wait for a lock.</summary>
    public async Task WaitForLockWaitersAsync(int count)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            var waiting = Convert.ToInt32(await command.ExecuteScalarAsync());
            if (waiting >= count)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{waiting} session(s) wait for a lock; expected {count}");
            }

            await Task.Delay(50);
        }
    }

    public async Task<List<T>> ListAsync<T>()
        where T : class
    {
        await using var db = NewContext();
        return await db.Set<T>().AsNoTracking().ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
    }

    public static string Key(string step) => $"{WorkflowId}/run/{step}";

    public sealed class RowLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
