namespace TemporalSagas.Starter.Rendering;

/// <summary>One row of <c>saga status</c>'s timeline: <paramref name="AtSeconds"/> from the saga's start,
/// <paramref name="DurationSeconds"/> null while it runs (and for a mark: a decision, a cancel request).</summary>
public sealed record TimelineRow(
    double AtSeconds, string Kind, string Step, string? Status, int? Attempts, double? DurationSeconds, string? Error,
    DateTime StartedUtc, DateTime? FinishedUtc, bool FailedTheSaga);
