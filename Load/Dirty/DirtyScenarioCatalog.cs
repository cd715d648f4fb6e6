namespace TemporalSagas.Load.Dirty;

/// <summary>One scenario of <c>starter load --scenario NAME</c>: its default size and how to run it.</summary>
public sealed record DirtyScenario(
    string Name, string Description, int DefaultCount, int Workers, Func<IDirtyHost, int, int, CancellationToken, Task<DirtyReport>> RunAsync);

/// <summary>The dirty scenarios by name (docs/dirty-scenarios.md); the tests run the same code with smaller counts.</summary>
public static class DirtyScenarioCatalog
{
    /// <summary>The TTL of the abandoned and expiry scenarios: the real default (10 min) would make a run wait 10 min.</summary>
    public static readonly TimeSpan ScenarioTtl = TimeSpan.FromSeconds(5);

    public static readonly IReadOnlyList<DirtyScenario> All =
    [
        new("abandoned", "clients reserve and vanish: seats back after the TTL", 20, 1,
            (h, n, _, ct) => SeatDirtyScenarios.AbandonedAsync(h, n, ScenarioTtl, ct)),
        new("idempotency", "one key retried N times: one booking, one hold", 20, 1, (h, n, _, ct) => SeatDirtyScenarios.IdempotencyAsync(h, n, ct)),
        new("last-seat", "N concurrent reservations for the last seat: one winner", 100, 1, (h, n, _, ct) => SeatDirtyScenarios.LastSeatAsync(h, n, ct)),
        new("payment-timeout", "the payment provider answers too late: seats released, no charge kept", 10, 1,
            (h, n, _, ct) => SeatDirtyScenarios.PaymentTimeoutAsync(h, n, ct)),
        new("worker-kill", "a worker is killed (SIGKILL) mid-sagas: another finishes them, no duplicates", 50, 1,
            (h, n, _, ct) => SeatDirtyScenarios.WorkerKillAsync(h, n, ct)),
        new("db-locked", "another process holds the database's exclusive lock for 20 s", 20, 1,
            (h, n, _, ct) => SeatDirtyScenarios.DatabaseLockedAsync(h, n, TimeSpan.FromSeconds(20), ct)),
        new("client-timeout", "the client times out and retries with the same key", 10, 1, (h, n, _, ct) => SeatDirtyScenarios.ClientTimeoutAsync(h, n, ct)),
        new("double-release", "release twice: RESERVATION_NOT_FOUND, seats back once", 20, 1, (h, n, _, ct) => SeatDirtyScenarios.DoubleReleaseAsync(h, n, ct)),
        new("confirm-after-expiry", "confirm after the TTL: RESERVATION_NOT_FOUND", 10, 1,
            (h, n, _, ct) => SeatDirtyScenarios.ConfirmAfterExpiryAsync(h, n, ScenarioTtl, ct)),
        new("mixed", "flights, seats and orders, 10% failures, two worker kills, then verify", 500, 2, MixedDirtyScenario.RunAsync),
        new("cancel-storm", "every saga kind cancelled at a random moment (before its check, mid-step, during updates, waiting): books balance, none left open", 100, 1,
            (h, n, c, ct) => CancelStormScenario.RunAsync(h, n, Math.Max(c, 10), ct)),
        new("server-restart", "the file-backed dev server is killed and restarted mid-run", 50, 1,
            (h, n, _, ct) => SeatDirtyScenarios.ServerRestartAsync(h, n, ct)),
    ];

    public static DirtyScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
