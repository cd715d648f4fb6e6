using System.Diagnostics;
using Temporalio.Workflows;

namespace TemporalSagas.Worker.Tracing;

/// <summary>
/// Spans made inside workflow code. They are made only when the workflow is not replaying (a replay would emit them
/// twice), never become <see cref="Activity.Current"/> (that would leak into the workflow's async flow), and end by a
/// continuation that runs inline on the workflow's scheduler: the workflow's own awaits see the original task, so
/// turning tracing on or off changes neither the order nor the content of the workflow's commands.
/// </summary>
internal static class WorkflowSpans
{
    public static Activity? Start(string name, ActivityKind kind, ActivityContext parent, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        if (Workflow.Unsafe.IsReplaying)
        {
            return null;
        }

        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            return SagaTracing.Source.StartActivity(name, kind, parent, tags);
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    /// <summary>Ends <paramref name="span"/> when <paramref name="task"/> completes; returns <paramref name="task"/> itself.</summary>
    public static TTask EndWith<TTask>(Activity? span, TTask task)
        where TTask : Task
    {
        if (span is null)
        {
            return task;
        }

        task.ContinueWith(
            done =>
            {
                if (done.Exception is { } error && !IsContinueAsNew(error))
                {
                    SagaTracing.Fail(span, error);
                }
                else if (done.IsCanceled)
                {
                    span.SetStatus(ActivityStatusCode.Error, "canceled");
                }

                span.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Current);
        return task;
    }

    public static KeyValuePair<string, object?>[] SagaTags()
    {
        var info = Workflow.Info;
        return
        [
            new(SagaTracing.SagaId, info.WorkflowId),
            new(SagaTracing.SagaTypeTag, SagaTracing.SagaType(info.WorkflowType)),
            new(SagaTracing.WorkflowId, info.WorkflowId),
            new(SagaTracing.RunId, info.RunId),
        ];
    }

    private static bool IsContinueAsNew(AggregateException error) => error.InnerException is ContinueAsNewException;
}
