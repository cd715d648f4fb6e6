using Temporalio.Activities;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities;

public sealed record StepCheckRequest(string StepKey);

/// <summary>
/// The engine's "did it happen?" check for steps that record their effect with <see cref="Idempotency"/>: the
/// step's key is looked up in the database the step wrote to. A step found not done is fenced in the same
/// transaction, so it cannot take effect afterwards.
/// </summary>
public sealed class StepCheckActivities(Idempotency idempotency)
{
    [Activity]
    public Task<bool> StepHappenedAsync(StepCheckRequest request) =>
        idempotency.HasEffectAsync(request.StepKey, ActivityCancellation.Token);
}
