using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Activities.Seats;

/// <summary>
/// Seats: every zone's free count is its capacity minus the held and confirmed seats (never negative); a confirmed
/// reservation is paid by a charge that was not refunded; a released one has every charge refunded; no hold outlives
/// its TTL by more than <see cref="ExpiryGrace"/> (an orphan nobody will release).
/// </summary>
public sealed class SeatInvariants : IInvariantCheck
{
    public static readonly TimeSpan ExpiryGrace = TimeSpan.FromMinutes(2);

    public string Domain => "seats";

    public async Task<IReadOnlyList<InvariantViolation>> CheckAsync(SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var violations = new List<InvariantViolation>();
        var zones = await db.SeatZones().AsNoTracking().ToListAsync(cancellationToken);
        var reservations = await db.SeatReservations().AsNoTracking().ToListAsync(cancellationToken);
        var payments = await db.SeatPayments().AsNoTracking().ToListAsync(cancellationToken);
        var taken = reservations.Where(r => r.Status != SeatReservation.Released)
            .GroupBy(r => r.ZoneId)
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Quantity));

        foreach (var zone in zones)
        {
            if (zone.Available < 0)
            {
                violations.Add(new(Domain, "seats-never-negative", zone.Id, $"{zone.Available} seats available"));
            }

            var held = taken.GetValueOrDefault(zone.Id);
            if (zone.Available != zone.Capacity - held)
            {
                violations.Add(new(
                    Domain, "seats-balance", zone.Id,
                    $"available {zone.Available} != capacity {zone.Capacity} - held and confirmed {held} = {zone.Capacity - held}"));
            }
        }

        var refunded = payments.Where(p => p.Kind == SeatPayment.Refund && p.RefundOf is not null).ToDictionary(p => p.RefundOf!);
        var charges = payments.Where(p => p.Kind == SeatPayment.Charge).ToDictionary(p => p.Id);
        foreach (var reservation in reservations)
        {
            var bookingCharges = charges.Values.Where(c => c.BookingId == reservation.BookingId).ToList();
            switch (reservation.Status)
            {
                case SeatReservation.Confirmed:
                    if (reservation.PaymentId is null || !charges.ContainsKey(reservation.PaymentId) || refunded.ContainsKey(reservation.PaymentId))
                    {
                        violations.Add(new(Domain, "confirmed-is-paid", reservation.BookingId, $"payment {reservation.PaymentId ?? "none"} missing or refunded"));
                    }

                    foreach (var extra in bookingCharges.Where(c => c.Id != reservation.PaymentId && !refunded.ContainsKey(c.Id)))
                    {
                        violations.Add(new(Domain, "one-charge-per-booking", reservation.BookingId, $"second charge {extra.Id} not refunded"));
                    }

                    break;
                case SeatReservation.Released:
                    foreach (var charge in bookingCharges.Where(c => !refunded.ContainsKey(c.Id)))
                    {
                        violations.Add(new(Domain, "released-is-refunded", reservation.BookingId, $"charge {charge.Id} of {charge.Amount:0.00} not refunded"));
                    }

                    break;
                case SeatReservation.Held when reservation.ExpiresUtc + ExpiryGrace < DateTime.UtcNow:
                    violations.Add(new(Domain, "no-orphan-hold", reservation.BookingId, $"held past its TTL ({reservation.ExpiresUtc:u})"));
                    break;
            }
        }

        foreach (var refund in refunded.Values)
        {
            if (!charges.TryGetValue(refund.RefundOf!, out var charge) || charge.Amount != refund.Amount)
            {
                violations.Add(new(Domain, "refund-matches-charge", refund.Id, $"refund of {refund.Amount:0.00} for charge {refund.RefundOf}"));
            }
        }

        var reservedBookings = reservations.Select(r => r.BookingId).ToHashSet();
        foreach (var charge in charges.Values.Where(c => !reservedBookings.Contains(c.BookingId) && !refunded.ContainsKey(c.Id)))
        {
            violations.Add(new(Domain, "charge-has-booking", charge.Id, $"charge for unknown booking {charge.BookingId}"));
        }

        return violations;
    }
}
