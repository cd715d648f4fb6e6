using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Faults;

/// <summary>
/// Turns a caller's <see cref="FaultPlan"/> into failures, before the activity's side effect runs.
/// Compensation failures are counted in the database per idempotency key, so they survive retries on any worker.
/// </summary>
public sealed class FaultInjector(SagasDbContext db, IOptions<FaultInjectionOptions> options, ILogger<FaultInjector> logger)
{
    public void ThrowIfStepFails(string step, string idempotencyKey, FaultPlan? plan)
    {
        if (!Applies(plan, idempotencyKey))
        {
            return;
        }

        if (plan.FailAt == step)
        {
            logger.LogWarning("Simulated failure at {Step} for {IdempotencyKey}", step, idempotencyKey);
            throw new ApplicationFailureException(
                $"simulated failure at {step}", SagaErrorTypes.SimulatedFailure, nonRetryable: true);
        }

        var attempt = ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;
        if (plan.TransientAt == step && attempt <= plan.TransientFailures)
        {
            logger.LogWarning(
                "Simulated transient failure at {Step} for {IdempotencyKey}, attempt {Attempt} of {TransientFailures} failing",
                step, idempotencyKey, attempt, plan.TransientFailures);
            throw new ApplicationFailureException(
                $"simulated transient failure at {step} (attempt {attempt}; the first {plan.TransientFailures} fail)",
                SagaErrorTypes.SimulatedTransientFailure);
        }
    }

    public async Task ThrowIfCompensationFailsAsync(
        string step, string idempotencyKey, FaultPlan? plan, CancellationToken cancellationToken = default)
    {
        if (!Applies(plan, idempotencyKey) || plan.FailCompensationOf != step || plan.CompensationFailures <= 0)
        {
            return;
        }

        int failures;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var counter = await db.SimulatedFaultCounters.FirstOrDefaultAsync(c => c.Key == idempotencyKey, cancellationToken);
            if (counter is null)
            {
                counter = new SimulatedFaultCounter { Key = idempotencyKey };
                db.SimulatedFaultCounters.Add(counter);
            }

            if (counter.Failures >= plan.CompensationFailures)
            {
                return;
            }

            failures = ++counter.Failures;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        logger.LogWarning(
            "Simulated compensation failure of {Step} for {IdempotencyKey}: {Failures} of {CompensationFailures}",
            step, idempotencyKey, failures, plan.CompensationFailures);
        throw new ApplicationFailureException(
            $"simulated failure compensating {step} ({failures} of {plan.CompensationFailures})",
            SagaErrorTypes.SimulatedTransientFailure);
    }

    private bool Applies([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] FaultPlan? plan, string idempotencyKey)
    {
        if (plan is null || plan.IsEmpty)
        {
            return false;
        }

        if (!options.Value.Enabled)
        {
            logger.LogWarning(
                "fault injection disabled on this worker; ignoring {FaultPlan} for {IdempotencyKey}", plan, idempotencyKey);
            return false;
        }

        return true;
    }
}
