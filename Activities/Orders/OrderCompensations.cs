using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders.Events;

namespace TemporalSagas.Activities.Orders;

/// <summary>
/// What every order compensation does around its undo: the fault hook, the once-only undo by the step's key, and
/// the <c>order.compensation_recorded.v1</c> event in the same transaction (keyed by the compensation's key, so a
/// retry after "nothing to undo" appends nothing new).
/// </summary>
public sealed class OrderCompensations(
    Idempotency idempotency, FaultInjector faults, DomainEventStore events, ILogger<OrderCompensations> logger)
{
    public async Task<string> UndoAsync(OrderUndoRequest request, string operation, Func<CancellationToken, Task<string>> undo)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(request.Step, request.IdempotencyKey, request.Faults, ct);
        return await idempotency.UndoOnceAsync(request.IdempotencyKey, request.StepKey, operation, request, async () =>
        {
            var outcome = await undo(ct);
            await events.AppendAsync(
                request.OrderId,
                OrderEventTypes.CompensationRecorded,
                new { step = request.Step, compensation = $"COMPENSATE_{request.Step}", outcome },
                request.IdempotencyKey,
                ct);
            logger.LogInformation("{Operation} of {StepKey}: {Outcome} ({IdempotencyKey})", operation, request.StepKey, outcome, request.IdempotencyKey);
            return outcome;
        }, ct);
    }
}
