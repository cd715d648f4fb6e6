namespace TemporalSagas.Activities.Orders.Events;

/// <summary>One entry of the projection's compensation stack: a step that took effect and what undoing it found
/// (<c>pending</c> until its compensation ran, then the compensation's outcome).</summary>
public sealed record CompensationEntry(string Step, string Compensation, string Status)
{
    public const string Pending = "pending";
}
