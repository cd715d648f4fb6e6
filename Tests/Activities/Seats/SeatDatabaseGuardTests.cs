using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Seats;

namespace TemporalSagas.Tests.Activities.Seats;

/// <summary>Which SQLite errors make a seat activity a retryable <c>DATABASE_UNAVAILABLE</c> (issue 19: the mapping of
/// codes 10, 14 and 26 was not tested), and that any other error passes through unchanged.</summary>
public sealed class SeatDatabaseGuardTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData(5, false)]  // SQLITE_BUSY
    [InlineData(6, false)]  // SQLITE_LOCKED
    [InlineData(10, false)] // SQLITE_IOERR
    [InlineData(14, false)] // SQLITE_CANTOPEN
    [InlineData(26, true)]  // SQLITE_NOTADB, wrapped as EF Core does
    public async Task RunAsync_DatabaseUnavailable_FailsRetryableDatabaseUnavailable(int code, bool wrapped)
    {
        var error = new SqliteException($"simulated SQLite error {code}", code);

        var failure = await Assert.ThrowsAsync<ApplicationFailureException>(
            () => RunAsync(wrapped ? new DbUpdateException("saving", error) : error));

        failure.ErrorType.Should().Be(SeatErrors.DatabaseUnavailable);
        failure.NonRetryable.Should().BeFalse("the server retries the activity");
        failure.Message.Should().Contain($"simulated SQLite error {code}");
    }

    [Theory]
    [InlineData(19)] // SQLITE_CONSTRAINT: a real refusal, not an outage
    [InlineData(1)]  // SQLITE_ERROR (a missing table): a bad deploy, not retried as an outage
    public async Task RunAsync_OtherSqliteError_PassesThroughUnchanged(int code)
    {
        var error = new SqliteException($"simulated SQLite error {code}", code);

        var thrown = await Assert.ThrowsAsync<SqliteException>(() => RunAsync(error));

        thrown.Should().BeSameAs(error);
    }

    [Fact]
    public void SeatWriterGate_IsOnePerWorkerHost_NotOnePerProcess()
    {
        using var first = Services();
        using var second = Services();

        first.GetRequiredService<SeatWriterGate>().Should().BeSameAs(first.GetRequiredService<SeatWriterGate>());
        first.GetRequiredService<SeatWriterGate>().Should().NotBeSameAs(
            second.GetRequiredService<SeatWriterGate>(), "two worker hosts in one process must not queue behind each other");

        static ServiceProvider Services()
        {
            var services = new ServiceCollection();
            new SeatsModule().AddServices(services);
            return services.BuildServiceProvider();
        }
    }

    private async Task<int> RunAsync(Exception error)
    {
        await using var context = db.NewContext();
        using var gate = new SeatWriterGate();
        var guard = new SeatDatabaseGuard(context, gate, NullLogger<SeatDatabaseGuard>.Instance);
        return await guard.RunAsync<int>("reserve", "key-1", () => throw error, default);
    }
}
