using TemporalSagas.Load.Dirty;

namespace TemporalSagas.Load.Seats;

/// <summary>The seat reservation's dirty scenarios.</summary>
public sealed class SeatDirtyModule : IDirtyScenarioModule
{
    public IEnumerable<DirtyScenario> Scenarios =>
    [
        new("abandoned", "clients reserve and vanish: seats back after the TTL", 20, 1,
            (h, n, _, ct) => SeatDirtyScenarios.AbandonedAsync(h, n, DirtyScenarioCatalog.ScenarioTtl, ct)) { Position = 0 },
        new("idempotency", "one key retried N times: one booking, one hold", 20, 1, (h, n, _, ct) => SeatDirtyScenarios.IdempotencyAsync(h, n, ct)) { Position = 1 },
        new("last-seat", "N concurrent reservations for the last seat: one winner", 100, 1, (h, n, _, ct) => SeatDirtyScenarios.LastSeatAsync(h, n, ct)) { Position = 2 },
        new("payment-timeout", "the payment provider answers too late: seats released, no charge kept", 10, 1,
            (h, n, _, ct) => SeatDirtyScenarios.PaymentTimeoutAsync(h, n, ct)) { Position = 3 },
        new("worker-kill", "a worker is killed (SIGKILL) mid-sagas: another finishes them, no duplicates", 50, 1,
            (h, n, _, ct) => SeatDirtyScenarios.WorkerKillAsync(h, n, ct)) { Position = 4 },
        new("db-locked", "another process holds the database's exclusive lock for 20 s", 20, 1,
            (h, n, _, ct) => SeatDirtyScenarios.DatabaseLockedAsync(h, n, TimeSpan.FromSeconds(20), ct)) { Position = 5 },
        new("client-timeout", "the client times out and retries with the same key", 10, 1, (h, n, _, ct) => SeatDirtyScenarios.ClientTimeoutAsync(h, n, ct)) { Position = 6 },
        new("double-release", "release twice: RESERVATION_NOT_FOUND, seats back once", 20, 1, (h, n, _, ct) => SeatDirtyScenarios.DoubleReleaseAsync(h, n, ct)) { Position = 7 },
        new("confirm-after-expiry", "confirm after the TTL: RESERVATION_NOT_FOUND", 10, 1,
            (h, n, _, ct) => SeatDirtyScenarios.ConfirmAfterExpiryAsync(h, n, DirtyScenarioCatalog.ScenarioTtl, ct)) { Position = 8 },
        new("server-restart", "the file-backed dev server is killed and restarted mid-run", 50, 1,
            (h, n, _, ct) => SeatDirtyScenarios.ServerRestartAsync(h, n, ct)) { Position = 11 },
    ];
}
