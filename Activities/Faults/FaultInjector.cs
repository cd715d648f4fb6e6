using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Activities;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Faults;

/// <summary>
/// Turns a caller's <see cref="FaultPlan"/> into failures: before a step's effect (<see cref="BeforeEffectAsync"/>),
/// after it committed (<see cref="AfterEffect"/>), or in a compensation. Transient and compensation failures are
/// counted in the database per idempotency key, so they survive retries on any worker.
/// </summary>
public sealed class FaultInjector(SagasDbContext db, IOptions<FaultInjectionOptions> options, ILogger<FaultInjector> logger)
{
    private static int Attempt => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;

    /// <summary>Failures before the step's effect; and a slow outside call that cannot be taken back.</summary>
    public async Task BeforeEffectAsync(string step, string idempotencyKey, FaultPlan? plan)
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

        // Counted per step key in the database, not by the activity's attempt: an outage outlasts the retries and a
        // retry the operator orders afterwards (a new activity, attempt 1 again) finds the provider back.
        if (plan.TransientAt == step && plan.TransientFailures > 0 &&
            await CountFailureAsync($"{idempotencyKey}#transient", plan.TransientFailures) is { } failure)
        {
            logger.LogWarning(
                "Simulated transient failure at {Step} for {IdempotencyKey}, attempt {Attempt}: {Failure} of {TransientFailures}",
                step, idempotencyKey, Attempt, failure, plan.TransientFailures);
            throw new ApplicationFailureException(
                $"simulated transient failure at {step} ({failure} of {plan.TransientFailures}; attempt {Attempt})",
                SagaErrorTypes.SimulatedTransientFailure);
        }

        if (plan.SlowAt == step && plan.SlowSeconds > 0 && Attempt == 1)
        {
            logger.LogWarning(
                "Simulated slow call at {Step} for {IdempotencyKey}: {SlowSeconds} s, not cancellable", step, idempotencyKey, plan.SlowSeconds);
            // Deliberately not cancellable: the request is "already at the provider".
            await Task.Delay(TimeSpan.FromSeconds(plan.SlowSeconds), CancellationToken.None);
        }
    }

    /// <summary>Failures after the step's effect committed, before the server hears of it.</summary>
    public void AfterEffect(string step, string idempotencyKey, FaultPlan? plan)
    {
        if (!Applies(plan, idempotencyKey) || Attempt != 1)
        {
            return;
        }

        if (plan.CrashAfterEffectAt == step)
        {
            if (!options.Value.AllowProcessCrash)
            {
                logger.LogWarning("Not crashing after {Step} for {IdempotencyKey}: Faults:AllowProcessCrash is off", step, idempotencyKey);
                return;
            }

            logger.LogCritical("Simulated worker crash after the effect of {Step} for {IdempotencyKey}", step, idempotencyKey);
            Process.GetCurrentProcess().Kill();
        }

        if (plan.FailAfterEffectAt == step)
        {
            logger.LogWarning("Simulated failure after the effect of {Step} for {IdempotencyKey} committed", step, idempotencyKey);
            throw new ApplicationFailureException(
                $"simulated failure after {step} took effect (attempt {Attempt})", SagaErrorTypes.SimulatedTransientFailure);
        }
    }

    public async Task ThrowIfCompensationFailsAsync(
        string step, string idempotencyKey, FaultPlan? plan, CancellationToken cancellationToken = default)
    {
        if (!Applies(plan, idempotencyKey) || plan.FailCompensationOf != step || plan.CompensationFailures <= 0)
        {
            return;
        }

        if (await CountFailureAsync(idempotencyKey, plan.CompensationFailures, cancellationToken) is not { } failures)
        {
            return;
        }

        logger.LogWarning(
            "Simulated compensation failure of {Step} for {IdempotencyKey}: {Failures} of {CompensationFailures}",
            step, idempotencyKey, failures, plan.CompensationFailures);
        throw new ApplicationFailureException(
            $"simulated failure compensating {step} ({failures} of {plan.CompensationFailures})",
            plan.CompensationFailuresRetryable ? SagaErrorTypes.SimulatedTransientFailure : SagaErrorTypes.SimulatedFailure,
            nonRetryable: !plan.CompensationFailuresRetryable);
    }

    /// <summary>Counts one more simulated failure of <paramref name="key"/>: its number, or null once
    /// <paramref name="limit"/> failures were counted (the call goes through). Durable, so any worker sees it.</summary>
    private async Task<int?> CountFailureAsync(string key, int limit, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var counters = db.Set<SimulatedFaultCounter>();
        var counter = await counters.FirstOrDefaultAsync(c => c.Key == key, cancellationToken);
        if (counter is null)
        {
            counter = new SimulatedFaultCounter { Key = key };
            counters.Add(counter);
        }

        if (counter.Failures >= limit)
        {
            db.ChangeTracker.Clear();
            return null;
        }

        var failures = ++counter.Failures;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return failures;
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
