using System.Diagnostics;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Load.Seats;
using TemporalSagas.Tests.Postgres;
using Xunit.Abstractions;

namespace TemporalSagas.Tests.EndToEnd.Dirty;

/// <summary>
/// The seat scenarios that test the database's atomic operations and the idempotency keys under concurrency and a
/// killed worker: here on SQLite, and again on PostgreSQL (<c>SeatRaceAndCrashOnPostgresTests</c>).
/// </summary>
[Collection(DevServerCollection.Name)]
public class SeatRaceAndCrashTests(DevServerFixture fixture, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

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
    public async Task LastSeat_HundredConcurrentReservations_ExactlyOneWinner()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);
        var clock = Stopwatch.StartNew();

        var report = await SeatDirtyScenarios.LastSeatAsync(host, 100, None);

        output.WriteLine($"last-seat race: 100 contenders in {clock.Elapsed.TotalSeconds:0.0} s");
        AssertOk(report);
        report.Counter("concurrency_winners").Should().Be(1);
        report.Counter("concurrency_losers").Should().Be(99);
    }

    [Fact]
    public async Task WorkerKill_WorkerKilledMidSagas_AnotherFinishesThemWithoutDuplicates()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.WorkerKillAsync(host, 9, None);

        AssertOk(report);
        report.Counter("worker_kills").Should().Be(1);
        report.Counter("reservations_unanswered_at_kill").Should().BePositive("the kill hit reservations in flight");
        report.Counter("confirmed").Should().Be(9);
        report.Counter("duplicate_holds").Should().Be(0);
        report.Counter("duplicate_charges").Should().Be(0);
    }

    /// <summary>Prints the scenario's counters and latencies, then asserts it kept every promise.</summary>
    internal static void AssertOk(DirtyReport report, ITestOutputHelper output)
    {
        output.WriteLine($"{report.Scenario}: {report.WallSeconds} s, counters {string.Join(", ", report.Counters.Select(c => $"{c.Key}={c.Value}"))}, " +
            string.Join(", ", report.LatenciesMs.Select(l => $"{l.Key} p50/p95/p99 {l.Value.P50}/{l.Value.P95}/{l.Value.P99} ms")));
        report.Problems.Should().BeEmpty();
        report.Violations.Should().BeEmpty();
    }

    private void AssertOk(DirtyReport report) => AssertOk(report, output);
}

/// <summary>
/// The seat reservation's race, idempotency and worker-kill scenarios again, with the worker processes on PostgreSQL
/// (read committed, real row locks) instead of SQLite's single writer.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class SeatRaceAndCrashOnPostgresTests(PostgresDevServerFixture fixture, ITestOutputHelper output) : SeatRaceAndCrashTests(fixture, output);
