using TemporalSagas.Load.Dirty;

namespace TemporalSagas.Load.Mixed;

/// <summary>The dirty scenarios that run several saga kinds at once.</summary>
public sealed class MixedDirtyModule : IDirtyScenarioModule
{
    public IEnumerable<DirtyScenario> Scenarios =>
    [
        new("mixed", "flights, seats and orders, 10% failures, two worker kills, then verify", 500, 2, MixedDirtyScenario.RunAsync) { Position = 9 },
        new("cancel-storm", "every saga kind cancelled at a random moment (before its check, mid-step, during updates, waiting): books balance, none left open", 100, 1,
            (h, n, c, ct) => CancelStormScenario.RunAsync(h, n, Math.Max(c, 10), ct)) { Position = 10 },
    ];
}
