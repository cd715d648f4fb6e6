using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

public static class FlightSagaWaiter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Waits for the result; when the saga goes to manual review calls <paramref name="onReview"/> once
    /// (which may signal a decision and return true to keep waiting) or returns the waiting state.
    /// </summary>
    public static async Task<FlightSagaOutcome> WaitAsync(
        WorkflowHandle<FlightBookingWorkflow, FlightBookingResult> handle,
        Func<SagaState, Task<bool>>? onReview,
        CancellationToken cancellationToken)
    {
        var result = handle.GetResultAsync();
        var reviewHandled = false;
        while (!result.IsCompleted)
        {
            await Task.WhenAny(result, Task.Delay(PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (result.IsCompleted || reviewHandled)
            {
                continue;
            }

            SagaState state;
            try
            {
                state = await handle.QueryAsync(wf => wf.GetState());
            }
            catch (Exception e) when (e is WorkflowQueryFailedException or RpcException)
            {
                continue; // the first workflow task has not run yet
            }

            if (state.Status == SagaStatus.ManualReviewRequired)
            {
                if (onReview is null || !await onReview(state))
                {
                    return new(null, state, null);
                }

                reviewHandled = true;
            }
        }

        try
        {
            return new(await result, null, null);
        }
        catch (WorkflowFailedException e)
        {
            return new(null, null, e.InnerException?.Message ?? e.Message);
        }
    }
}
