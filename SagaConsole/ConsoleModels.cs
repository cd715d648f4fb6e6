using System.Text.Json;
using System.Text.Json.Serialization;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

public sealed record SagaFormView(
    string SagaType, string WorkflowType, string Title, IReadOnlyList<ConsoleField> Fields, IReadOnlyList<string> FaultSteps);

/// <summary>What the pages need besides the forms: the saga types and statuses to filter on and the Web UI's links.</summary>
/// <param name="WebUiByStatus">The Web UI's workflow list filtered on each <c>SagaStatus</c>.</param>
public sealed record ConsoleMeta(
    IReadOnlyList<string> SagaTypes, IReadOnlyList<string> Statuses, string WebUi, IReadOnlyDictionary<string, string> WebUiByStatus);

public sealed record StartedSaga(string WorkflowId, string? RunId, string SagaType, string StateUrl, string WebUi);

public sealed record SagaListItem(
    string WorkflowId, string WorkflowType, string? SagaType, string? SagaStatus, string? FailedStep, string ExecutionStatus,
    DateTime StartedUtc, DateTime? ClosedUtc, string WebUi);

/// <summary>One saga: Temporal's view (execution status), the engine's ledger (<c>GetState</c>) and, once it has
/// ended, its result in the saga's result format (for the flight saga, the seed's).</summary>
public sealed record SagaView(
    string WorkflowId,
    string? RunId,
    string WorkflowType,
    string ExecutionStatus,
    bool Finished,
    SagaState? State,
    JsonElement? Result,
    string? ResultError,
    string WebUi);

/// <summary>The body of <c>POST /api/sagas/{workflowId}/review</c>.</summary>
/// <param name="Action"><c>retry</c>, <c>resolved</c>, <c>retry-step</c>, <c>skip</c> or <c>compensate</c> (or the enum's name).</param>
/// <param name="Step">skip: the compensation undone by hand (required); retry-step: the stuck step (optional).</param>
public sealed record ReviewRequest(string Action, string Operator, string? Note = null, string? Step = null);

public sealed record ReviewOutcome(string WorkflowId, ReviewDecision Decision, ReviewAnswer Answer);

/// <summary>The problem document (RFC 9457) every error is answered with: the CLI's error type and, for bad input and
/// an unknown saga, the field it is about (also as <c>errors</c>, keyed by the field, as ASP.NET's validation problems
/// are).</summary>
/// <param name="ErrorType">The CLI's error type (<c>INVALID_INPUT</c>, <c>NOT_FOUND</c>, <c>REVIEW_REJECTED</c>,
/// <c>TEMPORAL_UNREACHABLE</c>, ...); <paramref name="Type"/> is it as <c>urn:temporalsagas:{errorType}</c>.</param>
public sealed record ConsoleProblemDocument(
    string Type,
    string Title,
    int Status,
    string Detail,
    string ErrorType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Field = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string[]>? Errors = null);
