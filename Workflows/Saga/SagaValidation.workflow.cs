using System.Linq.Expressions;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// How a saga checks its input against the database before any step: a local activity with a bounded retry
/// policy and a schedule-to-close, so a permanent error (a missing table after a bad deploy) ends the saga within
/// <see cref="Budget"/> with <see cref="SagaErrors.ValidationUnavailable"/> instead of keeping it Running, retried
/// forever with its history growing until the server terminates it.
/// </summary>
public static class SagaValidation
{
    /// <summary>How long a saga's validation may take, retries included.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromMinutes(1);

    public const int MaximumAttempts = 3;

    /// <summary>The options of a validation local activity (a new instance each time: RetryPolicy is mutable).</summary>
    public static LocalActivityOptions Options(string summary) => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(10),
        ScheduleToCloseTimeout = Budget,
        RetryPolicy = new RetryPolicy
        {
            MaximumAttempts = MaximumAttempts,
            InitialInterval = TimeSpan.FromSeconds(1),
            BackoffCoefficient = 2,
            MaximumInterval = TimeSpan.FromSeconds(5),
        },
        Summary = summary,
    };

    /// <summary>Runs the check; when it cannot be run (its retries spent), fails the saga with a clear error.</summary>
    public static async Task<T> RunAsync<TActivities, T>(Expression<Func<TActivities, Task<T>>> check, string summary)
    {
        try
        {
            return await Workflow.ExecuteLocalActivityAsync(check, Options(summary));
        }
        // A local activity's failure arrives as the activity's own (application or timeout) failure, not wrapped.
        catch (FailureException e) when (
            e is not CanceledFailureException && e.InnerException is not CanceledFailureException && !Workflow.CancellationToken.IsCancellationRequested)
        {
            var (message, type) = SagaFailures.Describe(e);
            throw new ApplicationFailureException(
                $"the input could not be checked against the database ({summary}): {message} [{type}]",
                e,
                SagaErrors.ValidationUnavailable,
                nonRetryable: true);
        }
    }
}
