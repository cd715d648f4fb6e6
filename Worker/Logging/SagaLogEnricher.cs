using Serilog.Core;
using Serilog.Events;

namespace TemporalSagas.Worker.Logging;

/// <summary>
/// Fills SagaId and Step from the SDK's own scope properties (WorkflowId, ActivityType) for lines the SDK writes
/// outside the interceptor, such as "Completing activity as failed".
/// </summary>
public sealed class SagaLogEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.Properties.TryGetValue("WorkflowId", out var workflowId))
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty(SagaLogContextInterceptor.SagaId, workflowId));
        }

        if (logEvent.Properties.TryGetValue("ActivityType", out var activityType))
        {
            logEvent.AddPropertyIfAbsent(new LogEventProperty(SagaLogContextInterceptor.Step, activityType));
        }
    }
}
