using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace TemporalSagas.Load.Dirty;

/// <summary>Waits until a worker polls the task queue, so a scenario's latencies do not include a worker's start.</summary>
public static class TaskQueuePollers
{
    public static async Task WaitAsync(ITemporalClient client, string taskQueue, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var answer = await client.WorkflowService.DescribeTaskQueueAsync(
                    new DescribeTaskQueueRequest
                    {
                        Namespace = client.Options.Namespace,
                        TaskQueue = new TaskQueue { Name = taskQueue },
                        TaskQueueType = TaskQueueType.Activity,
                    },
                    new RpcOptions { CancellationToken = cancellationToken });
                if (answer.Pollers.Count > 0)
                {
                    return;
                }
            }
            catch (RpcException e) when (Transient(e) && !cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline)
            {
                // A dropped call (seen in CI as "operation was canceled" while the server was busy) is asked again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no worker polls {taskQueue} after {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }

    private static bool Transient(RpcException e) =>
        e.Code is RpcException.StatusCode.Cancelled or RpcException.StatusCode.Unavailable or RpcException.StatusCode.DeadlineExceeded;
}
