using Serilog.Context;
using Temporalio.Activities;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace TemporalSagas.Worker.Logging;

/// <summary>Puts SagaId (the workflow id) and Step (the activity type) on every log line written while a saga runs.</summary>
public sealed class SagaLogContextInterceptor : IWorkerInterceptor
{
    public const string SagaId = "SagaId";
    public const string Step = "Step";

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) =>
        new WorkflowInbound(nextInterceptor);

    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) =>
        new ActivityInbound(nextInterceptor);

    private sealed class WorkflowInbound(WorkflowInboundInterceptor next) : WorkflowInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            using (LogContext.PushProperty(SagaId, Workflow.Info.WorkflowId))
            {
                return await base.ExecuteWorkflowAsync(input);
            }
        }

        public override async Task HandleSignalAsync(HandleSignalInput input)
        {
            using (LogContext.PushProperty(SagaId, Workflow.Info.WorkflowId))
            {
                await base.HandleSignalAsync(input);
            }
        }

        // The review update logs its decision too; its lines belong to the saga like the signal's.
        public override void ValidateUpdate(HandleUpdateInput input)
        {
            using (LogContext.PushProperty(SagaId, Workflow.Info.WorkflowId))
            {
                base.ValidateUpdate(input);
            }
        }

        public override async Task<object?> HandleUpdateAsync(HandleUpdateInput input)
        {
            using (LogContext.PushProperty(SagaId, Workflow.Info.WorkflowId))
            {
                return await base.HandleUpdateAsync(input);
            }
        }
    }

    private sealed class ActivityInbound(ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var info = ActivityExecutionContext.Current.Info;
            using (LogContext.PushProperty(SagaId, info.WorkflowId))
            using (LogContext.PushProperty(Step, info.ActivityType))
            {
                return await base.ExecuteActivityAsync(input);
            }
        }
    }
}
