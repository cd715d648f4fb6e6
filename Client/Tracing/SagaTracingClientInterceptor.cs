using System.Diagnostics;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using TemporalSagas.Worker.Tracing;

namespace TemporalSagas.Client.Tracing;

/// <summary>
/// The client's half of saga tracing: a span for each saga start, signal and update sent, whose trace context
/// travels in the Temporal header to the workflow (<see cref="SagaTracingInterceptor"/> continues the trace there).
/// </summary>
public sealed class SagaTracingClientInterceptor : IClientInterceptor
{
    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(nextInterceptor);

    private sealed class Outbound(ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override async Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
        {
            using var span = Start($"StartWorkflow:{input.Workflow}", input.Options.Id, SagaTracing.SagaType(input.Workflow));
            try
            {
                return await base.StartWorkflowAsync<TWorkflow, TResult>(input with { Headers = WithContext(span, input.Headers) });
            }
            catch (Exception e)
            {
                SagaTracing.Fail(span, e);
                throw;
            }
        }

        public override async Task SignalWorkflowAsync(SignalWorkflowInput input)
        {
            using var span = Start($"SignalWorkflow:{input.Signal}", input.Id, null);
            try
            {
                await base.SignalWorkflowAsync(input with { Headers = WithContext(span, input.Headers) });
            }
            catch (Exception e)
            {
                SagaTracing.Fail(span, e);
                throw;
            }
        }

        public override async Task<WorkflowUpdateHandle<TResult>> StartWorkflowUpdateAsync<TResult>(StartWorkflowUpdateInput input)
        {
            using var span = Start($"UpdateWorkflow:{input.Update}", input.Id, null);
            try
            {
                return await base.StartWorkflowUpdateAsync<TResult>(input with { Headers = WithContext(span, input.Headers) });
            }
            catch (Exception e)
            {
                SagaTracing.Fail(span, e);
                throw;
            }
        }

        private static Activity? Start(string name, string? workflowId, string? sagaType) =>
            SagaTracing.Source.StartActivity(
                name,
                ActivityKind.Client,
                parentContext: default,
                [
                    new(SagaTracing.SagaId, workflowId),
                    new(SagaTracing.SagaTypeTag, sagaType ?? (workflowId is null ? null : SagaCatalogType(workflowId))),
                    new(SagaTracing.WorkflowId, workflowId),
                ]);

        private static string? SagaCatalogType(string workflowId) =>
            TemporalSagas.Workflows.Saga.SagaCatalog.ForWorkflowId(workflowId)?.SagaType;

        // No span (nobody listens): the caller's own span, if any, still reaches the workflow.
        private static IDictionary<string, Temporalio.Api.Common.V1.Payload>? WithContext(
            Activity? span, IDictionary<string, Temporalio.Api.Common.V1.Payload>? headers) =>
            TraceHeader.For((span ?? Activity.Current)?.Context ?? default) is { } header ? header.AddTo(headers) : headers;
    }
}
