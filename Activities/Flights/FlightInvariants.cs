using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Activities.Flights;

/// <summary>
/// Flights, once no saga is running: seats never negative and equal to the capacity minus live holds (a confirmed
/// booking keeps its hold); every charge belongs to a confirmed booking or was refunded (in full, once); every points
/// deduction belongs to a saga that confirmed its booking or was refunded (in full).
/// </summary>
public sealed class FlightInvariants : IInvariantCheck
{
    public string Domain => "flights";

    public async Task<IReadOnlyList<InvariantViolation>> CheckAsync(SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var violations = new List<InvariantViolation>();
        var inventory = await db.FlightSeatInventory().AsNoTracking().ToListAsync(cancellationToken);
        var holds = await db.SeatHolds().AsNoTracking().Where(h => h.Status == SeatHoldEntity.Held).ToListAsync(cancellationToken);
        foreach (var row in inventory)
        {
            var subject = $"{row.FlightId}/{row.SeatClass}";
            if (row.SeatsAvailable < 0)
            {
                violations.Add(new(Domain, "seats-never-negative", subject, $"{row.SeatsAvailable} seats available"));
            }

            var held = holds.Where(h => h.FlightId == row.FlightId && h.SeatClass == row.SeatClass).Sum(h => h.Seats);
            if (row.SeatsAvailable != row.Capacity - held)
            {
                violations.Add(new(
                    Domain, "seats-balance", subject,
                    $"available {row.SeatsAvailable} != capacity {row.Capacity} - live holds {held} = {row.Capacity - held}"));
            }
        }

        var bookings = await db.Bookings().AsNoTracking().Where(b => b.Status == Booking.Confirmed).ToListAsync(cancellationToken);
        var paidBy = bookings.Select(b => b.PaymentId).ToHashSet();
        var confirmedScopes = bookings.Select(b => Scope(b.IdempotencyKey)).ToHashSet();

        var payments = await db.Payments().AsNoTracking().ToListAsync(cancellationToken);
        var refunds = payments.Where(p => p.Kind == Payment.Refund && p.RefundOf is not null).ToDictionary(p => p.RefundOf!);
        foreach (var charge in payments.Where(p => p.Kind == Payment.Charge))
        {
            var isRefunded = refunds.TryGetValue(charge.Id, out var refund);
            if (paidBy.Contains(charge.Id) == isRefunded)
            {
                violations.Add(new(
                    Domain, "payments-balanced", charge.Id,
                    isRefunded ? "refunded although its booking is confirmed" : $"{charge.Amount:0.00} charged, no confirmed booking and no refund"));
            }
            else if (isRefunded && refund!.Amount != charge.Amount)
            {
                violations.Add(new(Domain, "refund-matches-charge", charge.Id, $"charged {charge.Amount:0.00}, refunded {refund.Amount:0.00}"));
            }
        }

        var points = await db.LoyaltyTransactions().AsNoTracking().ToListAsync(cancellationToken);
        var pointRefunds = points.Where(t => t.Kind == LoyaltyTransaction.Refund && t.RefundOf is not null).ToDictionary(t => t.RefundOf!);
        foreach (var deduction in points.Where(t => t.Kind == LoyaltyTransaction.Deduct))
        {
            var isRefunded = pointRefunds.TryGetValue(deduction.Id, out var refund);
            if (confirmedScopes.Contains(Scope(deduction.IdempotencyKey)) == isRefunded)
            {
                violations.Add(new(
                    Domain, "loyalty-balanced", deduction.Id,
                    isRefunded ? "refunded although its booking is confirmed" : $"{deduction.Points} points deducted, no confirmed booking and no refund"));
            }
            else if (isRefunded && refund!.Points != deduction.Points)
            {
                violations.Add(new(Domain, "refund-matches-deduction", deduction.Id, $"deducted {deduction.Points}, refunded {refund.Points}"));
            }
        }

        return violations;
    }

    // A step key is {workflowId}/{firstRunId}/{STEP}: the saga run is everything before the step.
    private static string Scope(string key) => key.LastIndexOf('/') is var at and > 0 ? key[..at] : key;
}
