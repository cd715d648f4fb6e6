using Temporalio.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Support;

public static class SagaPolling
{
    /// <summary>Polls the saga's GetState query until it reports <paramref name="status"/>.</summary>
    public static async Task<SagaState> WaitForStatusAsync(WorkflowHandle handle, SagaStatus status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        SagaState state;
        while ((state = await handle.QueryAsync<SagaState>("GetState", [])).Status != status)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"saga {handle.Id} stayed {state.Status}, expected {status}");
            }

            await Task.Delay(100);
        }

        return state;
    }

    /// <summary>Polls GetState until <paramref name="step"/> is running (the first query also waits for a worker).</summary>
    public static async Task WaitForRunningStepAsync(WorkflowHandle handle, string step, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!(await handle.QueryAsync<SagaState>("GetState", [])).Steps.Any(s => s.Name == step && s.Status == StepStatus.Running))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"saga {handle.Id} never reached step {step}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Polls the visibility store until <paramref name="query"/> counts <paramref name="expected"/> workflows: the
    /// index is updated asynchronously, so a count read right after a change may still be the old one.
    /// </summary>
    public static async Task WaitForCountAsync(ITemporalClient client, string query, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        long count;
        while ((count = (await client.CountWorkflowsAsync(query)).Count) != expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{query}' counted {count} workflow(s), expected {expected}");
            }

            await Task.Delay(200);
        }
    }
}
