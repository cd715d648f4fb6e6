using System.Diagnostics;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Load.Mixed;
using TemporalSagas.Load.Seats;
using Xunit.Abstractions;

namespace TemporalSagas.Tests.EndToEnd.Dirty;

/// <summary>
/// The dirty-scenario suite (docs/dirty-scenarios.md), end to end: the dev server, real worker processes (killed with
/// SIGKILL where the scenario says so), SQLite. Each test runs the same code as <c>starter load --scenario NAME</c>
/// with a CI-sized count, asserts its counters and the database, and that the invariants of every domain hold.
/// The race, idempotency and worker-kill scenarios are in <see cref="SeatRaceAndCrashTests"/> (they run on PostgreSQL too).
/// </summary>
[Collection(DevServerCollection.Name)]
public class SeatDirtyScenarioTests(DevServerFixture fixture, ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Abandoned_ClientVanishesAfterReserve_SeatsComeBackAfterTheTtl()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.AbandonedAsync(host, 5, TimeSpan.FromSeconds(10), None); // the TTL outlasts a slow reserve

        AssertOk(report);
        report.Counter("abandoned_reservations").Should().Be(5);
        report.Counter("expired").Should().Be(5);
    }

    [Fact]
    public async Task PaymentTimeout_ProviderSlowerThanTheTimeout_SeatsReleasedAndNoChargeKept()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.PaymentTimeoutAsync(host, 3, None);

        AssertOk(report);
        report.Counter("payment_timeouts").Should().Be(3);
        report.Counter("seats_released").Should().Be(3);
    }

    [Fact]
    public async Task DatabaseLocked_ExclusiveLockFor20Seconds_ActivitiesRetryAndNothingIsWrittenHalf()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.DatabaseLockedAsync(host, 6, TimeSpan.FromSeconds(20), None);

        AssertOk(report);
        report.Counter("held_after_lock").Should().Be(6);
        report.Counter("service_unavailable").Should().BePositive();
    }

    [Fact]
    public async Task ClientTimeout_RetryWithTheSameKey_NoDuplicate()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.ClientTimeoutAsync(host, 4, None);

        AssertOk(report);
        report.Counter("network_timeouts").Should().Be(4);
        report.Counter("held").Should().Be(4);
        report.Counter("duplicate_holds").Should().Be(0);
    }

    [Fact]
    public async Task DoubleRelease_SecondRelease_ReservationNotFoundAndSeatsCreditedOnce()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.DoubleReleaseAsync(host, 4, None);

        AssertOk(report);
        report.Counter("double_release_rejected").Should().Be(4);
    }

    [Fact]
    public async Task ConfirmAfterExpiry_TtlPassed_ReservationNotFound()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture);

        var report = await SeatDirtyScenarios.ConfirmAfterExpiryAsync(host, 3, TimeSpan.FromSeconds(2), None);

        AssertOk(report);
        report.Counter("confirm_after_expiry_rejected").Should().Be(3);
        report.Counter("confirm_after_expiry_accepted").Should().Be(0);
    }

    [Fact]
    public async Task Mixed_SagasOfEveryKindWithFailuresAndTwoWorkerKills_NoneLostNoneRunningVerifyClean()
    {
        await using var host = await FixtureDirtyHost.StartAsync(fixture, workers: 2);

        var report = await MixedDirtyScenario.RunAsync(host, 100, 20, None);

        AssertOk(report);
        report.Counter("answered").Should().Be(100, "no saga is lost");
        report.Counter("unexpected").Should().Be(0);
        report.Counter("as_planned").Should().Be(100 - report.Counter("disrupted_payment_timeout"));
        report.Counter("injected_failures").Should().Be(10);
        report.Counter("worker_kills").Should().Be(2);
        report.Counter("left_running").Should().Be(0);
    }

    [Fact]
    public async Task ServerRestart_FileBackedDevServerKilledMidRun_EverySagaResumesAndFinishes()
    {
        var host = await ChildDirtyHost.StartAsync(TemporalDevServerConfig.Load(), workers: 1, None);
        DirtyReport report;
        try
        {
            report = await SeatDirtyScenarios.ServerRestartAsync(host, 10, None);
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(host.Directory, recursive: true);
        }

        AssertOk(report);
        report.Counter("server_restarts").Should().Be(1);
        report.Counter("confirmed").Should().Be(10);
    }

    private void AssertOk(DirtyReport report) => SeatRaceAndCrashTests.AssertOk(report, output);
}
