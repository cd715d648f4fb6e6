using Temporalio.Worker.Interceptors;

namespace TemporalSagas.Worker.Tracing;

/// <summary>The worker's half of saga tracing (the client's is <c>SagaTracingClientInterceptor</c>): workflow run,
/// step and attempt spans, the trace context carried in Temporal headers.</summary>
public sealed class SagaTracingInterceptor : IWorkerInterceptor
{
    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) =>
        new TracingWorkflowInbound(nextInterceptor);

    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) =>
        new TracingActivityInbound(nextInterceptor);
}
