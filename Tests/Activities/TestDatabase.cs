using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Exceptions;
using Temporalio.Testing;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities;

/// <summary>
/// A real SQLite file in its own temp folder, migrated with the real migrations and seeded with the demo data,
/// plus the Activities DI wiring over it. Every activity call gets its own scope, like on the worker.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string WorkflowId = "flight-booking-test";

    private readonly string directory;

    private TestDatabase(string directory, bool faultsEnabled)
    {
        this.directory = directory;
        ConnectionString = $"Data Source={Path.Combine(directory, "sagas.db")}";
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sagas"] = ConnectionString,
                ["Faults:Enabled"] = faultsEnabled ? "true" : "false",
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

    public static async Task<TestDatabase> CreateAsync(bool faultsEnabled = true, bool migrate = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), "temporalsagas-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var database = new TestDatabase(directory, faultsEnabled);
        if (migrate)
        {
            await SagaDatabase.MigrateAndSeedAsync(database.Services);
        }

        return database;
    }

    public static string Key(string step) => $"{WorkflowId}/{step}";

    public static string CompensationKey(string step) => $"{WorkflowId}/compensate/{step}";

    public SagasDbContext NewContext() => new(SagaDatabase.Options(ConnectionString));

    /// <summary>Runs one activity call in its own DI scope inside an <see cref="ActivityEnvironment"/>.</summary>
    public async Task<T> RunAsync<T>(Func<FlightActivities, Task<T>> call, int attempt = 1)
    {
        await using var scope = Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<FlightActivities>();
        return await Environment(attempt).RunAsync(() => call(activities));
    }

    /// <summary>The engine's "did it happen?" check for <paramref name="stepKey"/>, as the workflow calls it.</summary>
    public async Task<bool> StepHappenedAsync(string stepKey)
    {
        await using var scope = Services.CreateAsyncScope();
        var checks = scope.ServiceProvider.GetRequiredService<StepCheckActivities>();
        return await Environment(1).RunAsync(() => checks.StepHappenedAsync(new(stepKey)));
    }

    public async Task RunAsync(Func<FlightActivities, Task> call, int attempt = 1)
    {
        await using var scope = Services.CreateAsyncScope();
        var activities = scope.ServiceProvider.GetRequiredService<FlightActivities>();
        await Environment(attempt).RunAsync(() => call(activities));
    }

    /// <summary>The activity's failure, or null when it succeeded.</summary>
    public async Task<ApplicationFailureException?> FailureOfAsync(Func<FlightActivities, Task> call, int attempt = 1)
    {
        try
        {
            await RunAsync(call, attempt);
            return null;
        }
        catch (ApplicationFailureException e)
        {
            return e;
        }
    }

    public async Task<int> SeatsAvailableAsync(string flightId, string seatClass)
    {
        await using var db = NewContext();
        return await db.FlightSeatInventory()
            .Where(i => i.FlightId == flightId && i.SeatClass == seatClass)
            .Select(i => i.SeatsAvailable)
            .SingleAsync();
    }

    public async Task SetSeatsAvailableAsync(string flightId, string seatClass, int seats)
    {
        await using var db = NewContext();
        await db.FlightSeatInventory()
            .Where(i => i.FlightId == flightId && i.SeatClass == seatClass)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, seats));
    }

    public async Task<int> PointsBalanceAsync(string userId)
    {
        await using var db = NewContext();
        return await db.LoyaltyAccounts().Where(a => a.UserId == userId).Select(a => a.PointsBalance).SingleAsync();
    }

    public async Task DeleteLoyaltyAccountAsync(string userId)
    {
        await using var db = NewContext();
        await db.LoyaltyAccounts().Where(a => a.UserId == userId).ExecuteDeleteAsync();
    }

    public async Task<List<T>> ListAsync<T>()
        where T : class
    {
        await using var db = NewContext();
        return await db.Set<T>().AsNoTracking().ToListAsync();
    }

    public async Task<int> IdempotencyRecordCountAsync() => (await ListAsync<IdempotencyRecord>()).Count;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private static ActivityEnvironment Environment(int attempt) => new()
    {
        Info = ActivityEnvironment.DefaultInfo with { Attempt = attempt, WorkflowId = WorkflowId },
    };
}
