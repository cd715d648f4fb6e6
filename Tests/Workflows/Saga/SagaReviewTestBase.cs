using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// Sends review decisions (the update <c>ResolveManualReview</c>) to a domain's saga: two conflicting ones at once,
/// one while it is not in review, an invalid one. Sagas a test leaves running are terminated when it ends: the server
/// is shared, and a later test's time skip would fire their reminders with no worker to take the workflow task.
/// </summary>
public abstract class SagaReviewTestBase(TimeSkippingFixture fixture) : WorkflowTestBase(fixture)
{
    protected static readonly ReviewDecision Retry = new(ReviewAction.RetryCompensations, "ops-ann", "provider back up");
    protected static readonly ReviewDecision Resolve = new(ReviewAction.MarkResolved, "ops-bo", "undone by hand");
    protected static readonly ReviewDecision NoOperator = new(ReviewAction.MarkResolved, " ", "who?");

    private readonly List<WorkflowHandle> started = [];

    /// <summary>Runs <paramref name="test"/> beside a worker of <typeparamref name="TWorkflow"/>; the sagas it
    /// <see cref="Track{THandle}"/>s are terminated afterwards if still running.</summary>
    protected async Task RunReviewWorkerAsync<TWorkflow>(object activities, Func<string, Task> test)
    {
        try
        {
            await RunWorkerAsync<TWorkflow>(activities, test);
        }
        finally
        {
            await TerminateRunningAsync();
        }
    }

    protected THandle Track<THandle>(THandle handle)
        where THandle : WorkflowHandle
    {
        started.Add(handle);
        return handle;
    }

    /// <summary>
    /// Brings a saga into review with <paramref name="intoReview"/> (on a worker that caches nothing), then sends
    /// <see cref="Retry"/> and <see cref="Resolve"/> while no worker runs, so the next workflow task carries both and
    /// the SDK runs both validators before either handler. Asserts that exactly one is accepted and the other refused
    /// with <c>REVIEW_REJECTED</c>, and that only one entered the history; <paramref name="then"/> checks how the
    /// saga ended, given the winning answer.
    /// </summary>
    protected async Task RaceTwoDecisionsAsync<TWorkflow, THandle>(
        object activities, Func<string, Task<THandle>> intoReview, Func<THandle, ReviewAnswer, Task> then)
        where THandle : WorkflowHandle
    {
        var taskQueue = NewTaskQueue();
        THandle? handle = null;
        try
        {
            await RunWorkerAsync<TWorkflow>(
                activities,
                async tq =>
                {
                    handle = Track(await intoReview(tq));
                    await WaitForUpsertedReviewAsync(handle);
                },
                taskQueue,
                cacheWorkflows: false);

            var retry = OutcomeAsync(handle!, Retry);
            var resolve = OutcomeAsync(handle!, Resolve);
            await Task.Delay(TimeSpan.FromSeconds(1)); // lets both reach the server; if one is late, the validator still rejects it

            await RunWorkerAsync<TWorkflow>(
                activities,
                async _ =>
                {
                    var answer = AssertOneWins(await Task.WhenAll(retry, resolve));
                    await then(handle!, answer);
                    (await AcceptedReviewsAsync(handle!)).Should().Be(1, "the losing decision is refused by the validator and never enters the history");
                },
                taskQueue);
        }
        finally
        {
            await TerminateRunningAsync();
        }
    }

    /// <summary>The decision the winning <paramref name="answer"/> took.</summary>
    // Reads the saga's SagaStatus from the server (describe), not by a query: on this worker, which caches nothing,
    // every query replays the history, and one that arrives while a local activity runs can hit the SDK core's
    // local-activity path mid-flight (CI once saw its panic "receive half not dropped", then a nondeterminism error
    // for the query). The upsert is also the stricter sign: the workflow task that entered review has committed.
    private static async Task WaitForUpsertedReviewAsync(WorkflowHandle handle)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await SearchAttributeAsync(handle, SagaSearchAttributes.SagaStatus) != nameof(SagaStatus.ManualReviewRequired))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"saga {handle.Id} did not enter manual review");
            }

            await Task.Delay(50);
        }
    }

    protected static ReviewDecision WinnerOf(ReviewAnswer answer) => answer.Action == Retry.Action ? Retry : Resolve;

    /// <summary>Sends <paramref name="decision"/>, asserts it is refused with <c>REVIEW_REJECTED</c>, returns the reason.</summary>
    protected static async Task<ApplicationFailureException> RefusedAsync(WorkflowHandle handle, ReviewDecision decision)
    {
        var outcome = await OutcomeAsync(handle, decision);
        var rejection = outcome.Should().BeOfType<WorkflowUpdateFailedException>($"the decision {decision} must be refused").Subject;
        var cause = rejection.InnerException.Should().BeOfType<ApplicationFailureException>().Subject;
        cause.ErrorType.Should().Be(SagaErrors.ReviewRejected);
        return cause;
    }

    protected static Task<ReviewAnswer> DecideAsync(WorkflowHandle handle, ReviewDecision decision) =>
        handle.ExecuteUpdateAsync<ReviewAnswer>(SagaReview.UpdateName, [decision]);

    protected static Task<SagaState> StateAsync(WorkflowHandle handle) => handle.QueryAsync<SagaState>("GetState", []);

    /// <summary>Review decisions the saga accepted: each leaves an UpdateAccepted event; a refused one leaves none.</summary>
    protected static async Task<int> AcceptedReviewsAsync(WorkflowHandle handle) =>
        (await EventsAsync(handle, EventType.WorkflowExecutionUpdateAccepted))
            .Count(e => e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest.Input.Name == SagaReview.UpdateName);

    private static ReviewAnswer AssertOneWins(object[] outcomes)
    {
        var answer = outcomes.OfType<ReviewAnswer>().Should().ContainSingle("exactly one decision is accepted").Subject;
        var rejection = outcomes.OfType<WorkflowUpdateFailedException>().Should().ContainSingle().Subject;
        rejection.InnerException.Should().BeOfType<ApplicationFailureException>()
            .Which.ErrorType.Should().Be(SagaErrors.ReviewRejected);
        return answer;
    }

    private static async Task<object> OutcomeAsync(WorkflowHandle handle, ReviewDecision decision)
    {
        try
        {
            return await DecideAsync(handle, decision);
        }
        catch (WorkflowUpdateFailedException e)
        {
            return e;
        }
    }

    private async Task TerminateRunningAsync()
    {
        foreach (var handle in started)
        {
            if ((await handle.DescribeAsync()).Status == WorkflowExecutionStatus.Running)
            {
                try
                {
                    await handle.TerminateAsync("test finished");
                }
                catch (RpcException)
                {
                    // It closed in between.
                }
            }
        }

        started.Clear();
    }
}
