using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Activities.Flights;

/// <summary>
/// SIMULATED payment provider: no money moves. It writes charges and refunds to the local payments ledger and
/// declines amounts over <see cref="DeclineAbove"/> or the method <see cref="DeclinedCard"/>, so demos can fail a payment.
/// </summary>
public sealed class SimulatedPaymentGateway(SagasDbContext db, ILogger<SimulatedPaymentGateway> logger)
{
    public const decimal DeclineAbove = 10_000m;
    public const string DeclinedCard = "declined-card";

    public async Task<PaymentReceipt> ChargeAsync(
        string idempotencyKey, string userId, decimal amount, string method, CancellationToken cancellationToken = default)
    {
        if (amount < 0 || string.IsNullOrWhiteSpace(userId) || string.IsNullOrWhiteSpace(method))
        {
            throw BusinessFailure.InvalidInput($"invalid payment: user '{userId}', amount {amount}, method '{method}'");
        }

        if (amount > DeclineAbove || method == DeclinedCard)
        {
            logger.LogWarning(
                "Simulated gateway declined {Amount} for {UserId} by {PaymentMethod} ({IdempotencyKey})",
                amount, userId, method, idempotencyKey);
            throw BusinessFailure.Create(
                FlightErrors.PaymentDeclined,
                amount > DeclineAbove
                    ? $"payment of {amount:0.00} declined: over the {DeclineAbove:0} limit"
                    : $"payment of {amount:0.00} declined by {method}");
        }

        var charge = new Payment
        {
            Id = Ids.New("pay"),
            UserId = userId,
            Amount = amount,
            Method = method,
            Kind = Payment.Charge,
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Payments().Add(charge);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Charged {Amount} to {UserId} by {PaymentMethod}: {PaymentId} ({IdempotencyKey})",
            amount, userId, method, charge.Id, idempotencyKey);
        return new PaymentReceipt(charge.Id, userId, amount, method);
    }

    /// <summary>Refunds the charge made with the idempotency key <paramref name="chargeKey"/>, if there is one.</summary>
    public async Task<string> RefundAsync(string idempotencyKey, string chargeKey, CancellationToken cancellationToken = default)
    {
        var charge = await db.Payments().AsNoTracking()
            .FirstOrDefaultAsync(p => p.IdempotencyKey == chargeKey && p.Kind == Payment.Charge, cancellationToken);
        if (charge is null)
        {
            logger.LogInformation("No charge of {StepKey} to refund ({IdempotencyKey})", chargeKey, idempotencyKey);
            return CompensationOutcome.NothingToUndo;
        }

        if (await db.Payments().AnyAsync(p => p.RefundOf == charge.Id, cancellationToken))
        {
            logger.LogInformation("Charge {PaymentId} already refunded ({IdempotencyKey})", charge.Id, idempotencyKey);
            return CompensationOutcome.AlreadyUndone;
        }

        var refund = new Payment
        {
            Id = Ids.New("ref"),
            UserId = charge.UserId,
            Amount = charge.Amount,
            Method = charge.Method,
            Kind = Payment.Refund,
            RefundOf = charge.Id,
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        };
        db.Payments().Add(refund);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation(
            "Refunded {Amount} of {PaymentId} to {UserId}: {RefundId} ({IdempotencyKey})",
            charge.Amount, charge.Id, charge.UserId, refund.Id, idempotencyKey);
        return CompensationOutcome.Undone;
    }
}
