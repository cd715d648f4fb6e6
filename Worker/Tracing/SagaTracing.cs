using System.Diagnostics;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Worker.Tracing;

/// <summary>The one ActivitySource of saga spans and the attribute names operators query them by.</summary>
public static class SagaTracing
{
    public const string SourceName = "TemporalSagas";

    public const string SagaId = "saga.id";
    public const string SagaTypeTag = "saga.type";
    public const string Step = "saga.step";
    public const string StepKind = "saga.step.kind";
    public const string Attempt = "temporal.activity.attempt";
    public const string WorkflowId = "temporal.workflow.id";
    public const string RunId = "temporal.run.id";
    public const string ActivityType = "temporal.activity.type";
    public const string Local = "temporal.activity.local";
    public const string ErrorType = "error.type";

    public static readonly ActivitySource Source = new(SourceName);

    public static string? SagaType(string workflowType) =>
        SagaCatalog.All.FirstOrDefault(d => d.WorkflowType == workflowType)?.SagaType;

    /// <summary>Error status, with the stable business error type (<c>PAYMENT_DECLINED</c>) when there is one.</summary>
    public static void Fail(Activity? span, Exception error)
    {
        if (span is null)
        {
            return;
        }

        var failure = Innermost(error);
        var type = failure is ApplicationFailureException { ErrorType: { Length: > 0 } errorType } ? errorType : failure.GetType().Name;
        span.SetStatus(ActivityStatusCode.Error, failure.Message);
        span.SetTag(ErrorType, type);
        span.AddException(failure);
    }

    // A workflow sees an activity's failure wrapped (ActivityFailureException → ApplicationFailureException): the
    // cause is what an operator looks for.
    private static Exception Innermost(Exception error)
    {
        var e = error is AggregateException { InnerException: { } inner } ? inner : error;
        while (e is FailureException and not ApplicationFailureException && e.InnerException is { } cause)
        {
            e = cause;
        }

        return e;
    }
}
