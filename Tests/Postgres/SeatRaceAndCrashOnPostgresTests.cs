using TemporalSagas.Starter.Load.Dirty;
using TemporalSagas.Tests.EndToEnd.Dirty;

namespace TemporalSagas.Tests.Postgres;

/// <summary>
/// The seat reservation's race and crash scenarios again, with the worker processes on PostgreSQL (read committed,
/// real row locks) instead of SQLite's single writer: the conditional decrement, the idempotency keys and the
/// worker kill must hold there too.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class SeatRaceAndCrashOnPostgresTests(PostgresDevServerFixture fixture)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task LastSeat_HundredConcurrentReservations_ExactlyOneWinner()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.LastSeatAsync(host, 100, None);

        AssertOk(report);
        report.Counter("concurrency_winners").Should().Be(1);
        report.Counter("concurrency_losers").Should().Be(99);
    }

    [Fact]
    public async Task Idempotency_SameKeyTwentyTimesAndAfterClose_OneBookingOneHold()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.IdempotencyAsync(host, 20, None);

        AssertOk(report);
        report.Counter("distinct_bookings").Should().Be(1);
        report.Counter("idempotency_hits").Should().Be(20);
    }

    [Fact]
    public async Task WorkerKill_WorkerKilledMidSagas_AnotherFinishesThemWithoutDuplicates()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.WorkerKillAsync(host, 9, None);

        AssertOk(report);
        report.Counter("worker_kills").Should().Be(1);
        report.Counter("confirmed").Should().Be(9);
        report.Counter("duplicate_holds").Should().Be(0);
        report.Counter("duplicate_charges").Should().Be(0);
    }

    private static void AssertOk(DirtyReport report)
    {
        report.Problems.Should().BeEmpty(report.Scenario);
        report.Violations.Should().BeEmpty(report.Scenario);
    }
}
