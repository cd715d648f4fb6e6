using System.Diagnostics;
using Temporalio.Api.Common.V1;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace TemporalSagas.Worker.Tracing;

/// <summary>
/// The workflow run's span (under the client's start) and one span per saga step, from the moment the workflow
/// schedules the step's activity until its result (or last failure) arrives; every attempt's span is its child.
/// </summary>
internal sealed class TracingWorkflowInbound(WorkflowInboundInterceptor next) : WorkflowInboundInterceptor(next)
{
    // The run span, or the client's start when the run span belongs to an earlier copy of this workflow (the worker
    // evicted it and replayed the history): the steps after that hang under the start.
    private ActivityContext parent;

    public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(this, outbound));

    public override Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
    {
        var starter = TraceHeader.From(Workflow.Info.Headers)?.Context ?? default;
        var run = WorkflowSpans.Start($"RunWorkflow:{Workflow.Info.WorkflowType}", ActivityKind.Server, starter, WorkflowSpans.SagaTags());
        parent = run?.Context ?? starter;
        return WorkflowSpans.EndWith(run, base.ExecuteWorkflowAsync(input));
    }

    private sealed class Outbound(TracingWorkflowInbound root, WorkflowOutboundInterceptor next) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            var (span, headers) = StartStep(input.Activity, input.Options.Summary, input.Headers);
            return WorkflowSpans.EndWith(span, base.ScheduleActivityAsync<TResult>(input with { Headers = headers }));
        }

        public override Task<TResult> ScheduleLocalActivityAsync<TResult>(ScheduleLocalActivityInput input)
        {
            var (span, headers) = StartStep(input.Activity, input.Options.Summary, input.Headers);
            return WorkflowSpans.EndWith(span, base.ScheduleLocalActivityAsync<TResult>(input with { Headers = headers }));
        }

        // The header is written on replay too (with the run's parent), so the command is the same either way.
        private (Activity? Span, IDictionary<string, Payload>? Headers) StartStep(
            string activity, string? summary, IDictionary<string, Payload>? headers)
        {
            var step = StepName.FromSummary(summary);
            IEnumerable<KeyValuePair<string, object?>> tags = WorkflowSpans.SagaTags();
            if (step is not null)
            {
                tags = tags.Append(new(SagaTracing.Step, step.Step)).Append(new(SagaTracing.StepKind, step.Kind));
            }

            tags = tags.Append(new(SagaTracing.ActivityType, activity));
            var span = WorkflowSpans.Start(step?.Step ?? $"ScheduleActivity:{activity}", ActivityKind.Internal, root.parent, tags);
            var header = TraceHeader.For(span?.Context ?? root.parent, step?.Step, step?.Kind);
            return (span, header is null ? headers : header.AddTo(headers));
        }
    }
}
