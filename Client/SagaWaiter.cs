using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>Waits for any saga workflow to end, noticing a saga parked in manual review on the way (GetState polling).</summary>
public static class SagaWaiter
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Waits for the result. When the saga goes to manual review <paramref name="onReview"/> is called once; it may
    /// answer the review and return true to keep waiting. Without it (or when it returns false) the wait ends
    /// with <see cref="SagaEnd.AwaitingReview"/>.
    /// </summary>
    public static async Task<SagaOutcome<TResult>> WaitAsync<TResult>(
        WorkflowHandle handle, Func<SagaState, Task<bool>>? onReview, CancellationToken cancellationToken)
    {
        var result = handle.GetResultAsync<TResult>(rpcOptions: new() { CancellationToken = cancellationToken });
        var reviewHandled = false;
        while (!result.IsCompleted)
        {
            await Task.WhenAny(result, Task.Delay(PollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (result.IsCompleted || reviewHandled || await TryGetStateAsync(handle) is not { } state)
            {
                continue;
            }

            if (state.Status == SagaStatus.ManualReviewRequired)
            {
                if (onReview is null || !await onReview(state))
                {
                    return new(handle.Id, SagaEnd.AwaitingReview, default, state);
                }

                reviewHandled = true;
            }
        }

        try
        {
            var value = await result;
            return new(handle.Id, SagaEnd.Finished, value, await TryGetStateAsync(handle));
        }
        catch (WorkflowFailedException e) when (e.InnerException is CanceledFailureException)
        {
            return new(handle.Id, SagaEnd.Cancelled, default, await TryGetStateAsync(handle), "the saga was cancelled", SagaErrors.Cancelled);
        }
        catch (WorkflowFailedException e)
        {
            var type = (e.InnerException as ApplicationFailureException)?.ErrorType;
            return new(handle.Id, SagaEnd.Failed, default, await TryGetStateAsync(handle), e.InnerException?.Message ?? e.Message, type);
        }
    }

    /// <summary>The saga's state, or null while the first workflow task has not run (or no worker answers).</summary>
    private static async Task<SagaState?> TryGetStateAsync(WorkflowHandle handle)
    {
        try
        {
            return await handle.QueryAsync<SagaState>(SagaLookup.StateQuery, []);
        }
        catch (Exception e) when (e is WorkflowQueryFailedException or RpcException)
        {
            return null;
        }
    }
}
