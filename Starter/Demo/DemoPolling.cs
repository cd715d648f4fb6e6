using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Demo;

/// <summary>For scenarios that act on a running saga: wait until it reaches a step.</summary>
public static class DemoPolling
{
    /// <summary>True once <paramref name="step"/> is running; false if the saga ended first.</summary>
    public static async Task<bool> WaitForRunningStepAsync(WorkflowHandle handle, string step, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var state = await handle.QueryAsync<SagaState>(SagaLookup.StateQuery, []);
                if (state.Steps.Any(s => s.Name == step && s.Status == StepStatus.Running))
                {
                    return true;
                }

                if (state.Status.IsFinal())
                {
                    return false;
                }
            }
            catch (WorkflowQueryFailedException)
            {
                // the first workflow task has not run yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
