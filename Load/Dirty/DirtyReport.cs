using TemporalSagas.Activities.Verification;
using TemporalSagas.Load;

namespace TemporalSagas.Load.Dirty;

/// <summary>What one dirty scenario printed: its counters, the latencies of its timed calls (by call: <c>reserve</c>, <c>confirm</c> ...), what went wrong (nothing, when
/// the system kept its promises) and the invariant violations <c>starter verify</c> would report afterwards.</summary>
public sealed record DirtyReport(
    string Scenario,
    int Sagas,
    double WallSeconds,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyDictionary<string, LatencyFigures> LatenciesMs,
    IReadOnlyList<string> Problems,
    IReadOnlyList<InvariantViolation> Violations)
{
    public bool Ok => Problems.Count == 0 && Violations.Count == 0;

    public long Counter(string name) => Counters.GetValueOrDefault(name);
}
