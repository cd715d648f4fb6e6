using TemporalSagas.Client;

namespace TemporalSagas.SagaConsole;

/// <summary>One saga in the review inbox (<see cref="ReviewInbox"/>, as <c>review list</c> shows it) with its Web UI link.</summary>
/// <param name="WaitingSinceUtc">When the last compensation failed: the review began then.</param>
public sealed record ReviewInboxItem(
    string WorkflowId, string SagaType, string? FailedStep, string? Error, IReadOnlyList<FailedUndo> FailedCompensations,
    DateTime StartedUtc, DateTime WaitingSinceUtc, string WebUi);
