using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>One saga in the review inbox (<see cref="ReviewInbox"/>, as <c>review list</c> shows it) with its Web UI link.</summary>
/// <param name="WaitingSinceUtc">When the last compensation (or the stuck step) failed: the review began then.</param>
/// <param name="Awaiting"><c>compensations</c> or <c>step</c> (a forward step waits, <paramref name="Step"/>).</param>
/// <param name="Actions">The decisions the saga takes now: the console offers only these.</param>
public sealed record ReviewInboxItem(
    string WorkflowId, string SagaType, string? FailedStep, string? Error, IReadOnlyList<FailedUndo> FailedCompensations,
    DateTime StartedUtc, DateTime WaitingSinceUtc, string WebUi, string Awaiting, StuckStep? Step, IReadOnlyList<ReviewAction> Actions);
