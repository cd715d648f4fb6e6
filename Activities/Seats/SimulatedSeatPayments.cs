using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Seats.Data;

namespace TemporalSagas.Activities.Seats;

/// <summary>
/// SIMULATED payment provider for seat bookings: no money moves. Charges and refunds go to the <c>seat_payments</c>
/// ledger; the method <see cref="DeclinedCard"/> or an amount over <see cref="DeclineAbove"/> is declined. Slowness
/// (the payment timeout) comes from the caller's fault plan, like every other simulated fault.
/// </summary>
public sealed class SimulatedSeatPayments(SagasDbContext db, ILogger<SimulatedSeatPayments> logger)
{
    public const decimal DeclineAbove = 10_000m;
    public const string DeclinedCard = "declined-card";

    public SeatPaymentReceipt Charge(string idempotencyKey, string bookingId, decimal amount, string method)
    {
        if (amount > DeclineAbove || method == DeclinedCard)
        {
            logger.LogWarning("Simulated seat payment declined {Amount} for {BookingId} by {PaymentMethod}", amount, bookingId, method);
            throw BusinessFailure.Create(
                SeatErrors.PaymentDeclined,
                amount > DeclineAbove ? $"payment of {amount:0.00} declined: over the {DeclineAbove:0} limit" : $"payment of {amount:0.00} declined by {method}");
        }

        var charge = new SeatPayment
        {
            Id = Ids.New("spay"),
            BookingId = bookingId,
            Kind = SeatPayment.Charge,
            Amount = amount,
            Method = method,
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        };
        db.SeatPayments().Add(charge);
        logger.LogInformation("Charged {Amount} for {BookingId} by {PaymentMethod}: {PaymentId}", amount, bookingId, method, charge.Id);
        return new SeatPaymentReceipt(charge.Id, amount, method);
    }

    /// <summary>Refunds the charge made with <paramref name="chargeKey"/>, once.</summary>
    public async Task<string> RefundAsync(string idempotencyKey, string chargeKey, CancellationToken cancellationToken)
    {
        var charge = await db.SeatPayments().AsNoTracking()
            .FirstOrDefaultAsync(p => p.IdempotencyKey == chargeKey && p.Kind == SeatPayment.Charge, cancellationToken);
        if (charge is null)
        {
            return CompensationOutcome.NothingToUndo;
        }

        if (await db.SeatPayments().AnyAsync(p => p.RefundOf == charge.Id, cancellationToken))
        {
            return CompensationOutcome.AlreadyUndone;
        }

        db.SeatPayments().Add(new SeatPayment
        {
            Id = Ids.New("sref"),
            BookingId = charge.BookingId,
            Kind = SeatPayment.Refund,
            Amount = charge.Amount,
            Method = charge.Method,
            RefundOf = charge.Id,
            IdempotencyKey = idempotencyKey,
            CreatedUtc = DateTime.UtcNow,
        });
        logger.LogInformation("Refunded {Amount} of {PaymentId} for {BookingId}", charge.Amount, charge.Id, charge.BookingId);
        return CompensationOutcome.Undone;
    }
}
