using TemporalSagas.Load.Mixed;
using TemporalSagas.Tests.Postgres;
using Xunit.Abstractions;

namespace TemporalSagas.Tests.EndToEnd.Dirty;

/// <summary>
/// Issue 17's proof: sagas of every kind cancelled at random moments (before validation, mid-step, racing the last
/// workflow task, during updates, while waiting for approval) on real worker processes; afterwards none is open,
/// no closed saga has an open status and `starter verify`'s invariants hold — here on SQLite, and in
/// <c>CancelStormOnPostgresTests</c> on PostgreSQL. The seed is printed; <c>SAGAS_STORM_SEED</c> replays a run.
/// </summary>
[Collection(DevServerCollection.Name)]
public class CancelStormTests(DevServerFixture fixture, ITestOutputHelper output)
{
    public const int Sagas = 42; // 7 of each kind

    [Fact]
    public async Task CancelStorm_EveryKindCancelledAtRandomMoments_NoneOpenAndTheBooksBalance()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await CancelStormScenario.RunAsync(host, Sagas, 10, CancellationToken.None);

        SeatRaceAndCrashTests.AssertOk(report, output);
        report.Counter("cancels_sent").Should().Be(Sagas);
        (report.Counter("ended_cancelled") + report.Counter("ended_before_the_cancel") + report.Counters.Where(c => c.Key.StartsWith("ended_failed_", StringComparison.Ordinal)).Sum(c => c.Value))
            .Should().Be(Sagas, "every saga closed");
        report.Counter("ended_cancelled").Should().BePositive("most cancels land while the saga runs");
        report.Counter("left_running").Should().Be(0);
        report.Counter("closed_with_open_status").Should().Be(0);
    }
}

/// <summary>The cancel storm again, with the worker processes on PostgreSQL (read committed, real row locks).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class CancelStormOnPostgresTests(PostgresDevServerFixture fixture, ITestOutputHelper output) : CancelStormTests(fixture, output);
