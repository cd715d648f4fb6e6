using System.Diagnostics;
using Temporalio.Activities;
using Temporalio.Worker.Interceptors;

namespace TemporalSagas.Worker.Tracing;

/// <summary>One span per activity attempt, under its step's span; the activity's HTTP calls and database commands
/// (instrumented by OpenTelemetry) hang under it, as it is <see cref="Activity.Current"/> while the activity runs.</summary>
internal sealed class TracingActivityInbound(ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
{
    public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
    {
        var info = ActivityExecutionContext.Current.Info;
        var header = TraceHeader.From(input.Headers);
        using var span = SagaTracing.Source.StartActivity(
            $"RunActivity:{info.ActivityType}",
            ActivityKind.Server,
            header?.Context ?? default,
            [
                new(SagaTracing.SagaId, info.WorkflowId),
                new(SagaTracing.SagaTypeTag, info.WorkflowType is { } type ? SagaTracing.SagaType(type) : null),
                new(SagaTracing.Step, header?.Step),
                new(SagaTracing.StepKind, header?.StepKind),
                new(SagaTracing.Attempt, info.Attempt),
                new(SagaTracing.WorkflowId, info.WorkflowId),
                new(SagaTracing.RunId, info.WorkflowRunId),
                new(SagaTracing.ActivityType, info.ActivityType),
                new(SagaTracing.Local, info.IsLocal),
            ]);
        try
        {
            return await base.ExecuteActivityAsync(input);
        }
        catch (Exception e)
        {
            SagaTracing.Fail(span, e);
            throw;
        }
    }
}
