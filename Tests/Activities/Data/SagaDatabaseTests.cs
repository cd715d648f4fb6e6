using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Data;

public sealed class SagaDatabaseTests
{
    [Fact]
    public async Task MigrateAndSeedAsync_TwoProcessesAtOnce_SeedTheDemoDataOnce()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);

        // Two "processes": separate contexts and connections on a database file that does not exist yet.
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await using var context = db.NewContext();
            await SagaDatabase.MigrateAndSeedAsync(context);
        })));

        (await db.ListAsync<Flight>()).Select(f => f.Id).Should().BeEquivalentTo(FlightDemoData.Flights.Select(f => f.Id));
        (await db.ListAsync<FlightSeatInventory>()).Should().HaveCount(FlightDemoData.Flights.Count * 3);
        (await db.ListAsync<LoyaltyAccount>()).Should().BeEquivalentTo(new[]
        {
            new { UserId = "alice", PointsBalance = 50_000 },
            new { UserId = "bob", PointsBalance = 1_000 },
            new { UserId = "carol", PointsBalance = 0 },
        });
        (await db.SeatsAvailableAsync(FlightDemoData.LastSeatFlight, SeatClasses.Economy)).Should().Be(1);
        (await db.SeatsAvailableAsync("TS100", SeatClasses.Economy)).Should().Be(150);
    }

    [Fact]
    public async Task MigrateAndSeedAsync_AfterSeatsWereSold_DoesNotResetThem()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.SetSeatsAvailableAsync("TS100", SeatClasses.First, 2);

        await using (var context = db.NewContext())
        {
            await SagaDatabase.MigrateAndSeedAsync(context);
        }

        (await db.SeatsAvailableAsync("TS100", SeatClasses.First)).Should().Be(2);
    }

    [Fact]
    public async Task MigrateAndSeedAsync_NewDatabase_UsesWriteAheadLogging()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using var context = db.NewContext();

        var mode = await context.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();

        mode.Should().Be("wal");
    }

    [Fact]
    public async Task EveryOpen_PooledOrNew_HasTheBusyTimeoutAndNormalSync()
    {
        await using var db = await TestDatabase.CreateAsync();

        // Open, close (back to the pool), open again: the second open reuses the native connection, where the
        // pragmas are not run again but must still be in force. Clearing the pool forces a new native connection.
        for (var round = 0; round < 3; round++)
        {
            if (round == 2)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            }

            await using var context = db.NewContext();
            (await context.Database.SqlQueryRaw<long>("SELECT timeout AS Value FROM pragma_busy_timeout").SingleAsync())
                .Should().Be(30_000, $"round {round}");
            (await context.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync())
                .Should().Be(1, $"round {round}: NORMAL");
        }
    }

    [Fact]
    public void ConnectionString_Configured_OverridesTheDefault()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sagas"] = "Data Source=/tmp/x.db" })
            .Build();

        SagaDatabase.ConnectionString(configuration).Should().Be("Data Source=/tmp/x.db");
    }

    [Fact]
    public void ConnectionString_NotConfigured_IsAFileUnderLocalApplicationData()
    {
        var expected = Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "temporalsagas", "sagas.db");

        SagaDatabase.ConnectionString(new ConfigurationBuilder().Build()).Should().Be($"Data Source={expected}");
        Directory.Exists(Path.GetDirectoryName(expected)).Should().BeTrue();
    }

    [Theory]
    [InlineData("Oracle", "Data Source=x.db", "Database:Provider must be Sqlite or Postgres (got 'Oracle')")]
    [InlineData("Postgres", null, "Database:Provider is Postgres but ConnectionStrings:Sagas is not set")]
    public void Settings_BadProviderConfiguration_NamesTheSetting(string provider, string? connectionString, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseSettings.ProviderSetting] = provider,
            ["ConnectionStrings:Sagas"] = connectionString,
        }).Build();

        var settings = () => SagaDatabase.Settings(configuration);

        settings.Should().Throw<DatabaseConfigurationException>().Which.Message.Should().StartWith(expected);
    }

    [Theory]
    [InlineData(null, DatabaseProvider.Sqlite)]
    [InlineData("postgres", DatabaseProvider.Postgres)]
    public void Settings_Provider_IsReadCaseInsensitivelyAndDefaultsToSqlite(string? provider, DatabaseProvider expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [DatabaseSettings.ProviderSetting] = provider,
            ["ConnectionStrings:Sagas"] = "Host=db;Database=sagas",
        }).Build();

        SagaDatabase.Settings(configuration).Provider.Should().Be(expected);
    }
}
