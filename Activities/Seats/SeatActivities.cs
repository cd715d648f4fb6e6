using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Seats.Data;

namespace TemporalSagas.Activities.Seats;

/// <summary>
/// The seat reservation saga's steps and compensations. Each runs its effect once per idempotency key, in one
/// transaction with the key's record, through <see cref="SeatDatabaseGuard"/> (a locked database is retried).
/// </summary>
public class SeatActivities(
    SagasDbContext db,
    Idempotency idempotency,
    FaultInjector faults,
    SeatDatabaseGuard guard,
    SimulatedSeatPayments payments,
    ILogger<SeatActivities> logger)
{
    private static int Attempt => ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.Info.Attempt : 1;

    /// <summary>Read-only: every problem the input has against the database (unknown zone, more seats than it has).</summary>
    [Activity]
    public async Task<IReadOnlyList<string>> CheckSeatReservationAsync(SeatCheckRequest request)
    {
        var ct = ActivityCancellation.Token;
        var zone = await db.SeatZones().AsNoTracking().FirstOrDefaultAsync(z => z.Id == request.ZoneId, ct);
        return zone is null
            ? [$"zone: unknown zone '{request.ZoneId}'"]
            : request.Quantity > zone.Capacity
                ? [$"quantity: zone {zone.Id} has {zone.Capacity} seats in all (got {request.Quantity})"]
                : [];
    }

    [Activity]
    public async Task<SeatsHeld> ReserveSeatsAsync(ReserveSeatsRequest request)
    {
        var ct = ActivityCancellation.Token;
        // Outside the writer slot: a slow outside call must not hold up other activities' database work.
        await faults.BeforeEffectAsync(SeatSteps.ReserveSeats, request.IdempotencyKey, request.Faults);
        return await guard.RunAsync("reserve-seats", request.IdempotencyKey, async () =>
        {
            var attempt = Attempt;
            var held = await idempotency.RunOnceAsync(request.IdempotencyKey, "reserve-seats", request, async () =>
            {
                if (request.Quantity < 1)
                {
                    throw BusinessFailure.InvalidInput($"quantity must be at least 1 (got {request.Quantity})");
                }

                var zone = db.SeatZones().Where(z => z.Id == request.ZoneId);

                // One conditional UPDATE: concurrent reservations can never take the count below zero.
                var taken = await zone.Where(z => z.Available >= request.Quantity)
                    .ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, z => z.Available - request.Quantity), ct);
                if (taken == 0)
                {
                    var available = await zone.Select(z => (int?)z.Available).FirstOrDefaultAsync(ct);
                    throw available is null
                        ? BusinessFailure.InvalidInput($"unknown zone '{request.ZoneId}'")
                        : BusinessFailure.Create(
                            SeatErrors.InsufficientSeats, $"{request.Quantity} seat(s) requested in {request.ZoneId}, {available} left");
                }

                var price = await zone.Select(z => z.PricePerSeat).FirstAsync(ct);
                var reservation = new SeatReservation
                {
                    Id = Ids.New("seat"),
                    BookingId = request.BookingId,
                    ZoneId = request.ZoneId,
                    Quantity = request.Quantity,
                    Amount = price * request.Quantity,
                    IdempotencyKey = request.IdempotencyKey,
                    CreatedUtc = DateTime.UtcNow,
                    ExpiresUtc = request.ExpiresUtc,
                };
                db.SeatReservations().Add(reservation);
                logger.LogInformation(
                    "Held {Quantity} seat(s) in {ZoneId} for {BookingId}: {ReservationId} (attempt {Attempt})",
                    request.Quantity, request.ZoneId, request.BookingId, reservation.Id, attempt);
                return new SeatsHeld(reservation.Id, request.ZoneId, request.Quantity, reservation.Amount, attempt);
            }, ct);
            faults.AfterEffect(SeatSteps.ReserveSeats, request.IdempotencyKey, request.Faults);
            return held;
        }, ct);
    }

    /// <summary>Puts the seats of the reservation made under the step key back, once: held or confirmed → released.</summary>
    [Activity]
    public Task<string> ReleaseSeatsAsync(SeatUndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        return guard.RunAsync("release-seats", request.IdempotencyKey, async () =>
        {
            await faults.ThrowIfCompensationFailsAsync(SeatSteps.ReserveSeats, request.IdempotencyKey, request.Faults, ct);
            return await idempotency.UndoOnceAsync(request.IdempotencyKey, request.StepKey, "release-seats", request, async () =>
            {
                var reservation = await db.SeatReservations().AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == request.StepKey, ct);
                if (reservation is null)
                {
                    return CompensationOutcome.NothingToUndo;
                }

                // → released happens once, so the seats go back once: a double release cannot credit them twice.
                var released = await db.SeatReservations()
                    .Where(r => r.Id == reservation.Id && r.Status != SeatReservation.Released)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(r => r.Status, SeatReservation.Released).SetProperty(r => r.ReleasedUtc, DateTime.UtcNow), ct);
                if (released == 0)
                {
                    return CompensationOutcome.AlreadyUndone;
                }

                await db.SeatZones().Where(z => z.Id == reservation.ZoneId)
                    .ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, z => z.Available + reservation.Quantity), ct);
                logger.LogInformation(
                    "Released {Quantity} seat(s) in {ZoneId} of {BookingId} ({IdempotencyKey})",
                    reservation.Quantity, reservation.ZoneId, reservation.BookingId, request.IdempotencyKey);
                return CompensationOutcome.Undone;
            }, ct);
        }, ct);
    }

    /// <summary>The simulated payment of a confirm. A slow provider (fault plan <c>SlowAt</c>) makes the step time out.</summary>
    [Activity]
    public async Task<SeatPaymentReceipt> ChargeSeatsAsync(ChargeSeatsRequest request)
    {
        var ct = ActivityCancellation.Token;
        // Outside the writer slot: a slow outside call must not hold up other activities' database work.
        await faults.BeforeEffectAsync(SeatSteps.ChargePayment, request.IdempotencyKey, request.Faults);
        return await guard.RunAsync("charge-seats", request.IdempotencyKey, async () =>
        {
            var receipt = await idempotency.RunOnceAsync(
                request.IdempotencyKey,
                "charge-seats",
                request,
                () => Task.FromResult(payments.Charge(request.IdempotencyKey, request.BookingId, request.Amount, request.PaymentMethod)),
                ct);
            faults.AfterEffect(SeatSteps.ChargePayment, request.IdempotencyKey, request.Faults);
            return receipt;
        }, ct);
    }

    [Activity]
    public Task<string> RefundSeatsAsync(SeatUndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        return guard.RunAsync("refund-seats", request.IdempotencyKey, async () =>
        {
            await faults.ThrowIfCompensationFailsAsync(SeatSteps.ChargePayment, request.IdempotencyKey, request.Faults, ct);
            return await idempotency.UndoOnceAsync(
                request.IdempotencyKey, request.StepKey, "refund-seats", request, () => payments.RefundAsync(request.IdempotencyKey, request.StepKey, ct), ct);
        }, ct);
    }

    /// <summary>held → confirmed with the payment. No compensation of its own: releasing the hold undoes it.</summary>
    [Activity]
    public async Task<SeatsConfirmed> ConfirmSeatsAsync(ConfirmSeatsRequest request)
    {
        var ct = ActivityCancellation.Token;
        // Outside the writer slot: a slow outside call must not hold up other activities' database work.
        await faults.BeforeEffectAsync(SeatSteps.ConfirmReservation, request.IdempotencyKey, request.Faults);
        return await guard.RunAsync("confirm-seats", request.IdempotencyKey, async () =>
        {
            var confirmed = await idempotency.RunOnceAsync(request.IdempotencyKey, "confirm-seats", request, async () =>
            {
                var now = DateTime.UtcNow;
                var reservation = await db.SeatReservations().AsNoTracking().FirstOrDefaultAsync(r => r.IdempotencyKey == request.ReserveKey, ct);
                var changed = reservation is null ? 0 : await db.SeatReservations()
                    .Where(r => r.Id == reservation.Id && r.Status == SeatReservation.Held)
                    .ExecuteUpdateAsync(
                        s => s.SetProperty(r => r.Status, SeatReservation.Confirmed)
                            .SetProperty(r => r.PaymentId, request.PaymentId)
                            .SetProperty(r => r.ConfirmedUtc, now),
                        ct);
                if (changed == 0)
                {
                    throw BusinessFailure.Create(SeatErrors.ReservationNotFound, $"no held reservation {request.BookingId} to confirm");
                }

                logger.LogInformation("Confirmed {BookingId} with payment {PaymentId}", request.BookingId, request.PaymentId);
                return new SeatsConfirmed(reservation!.Id, request.PaymentId, now);
            }, ct);
            faults.AfterEffect(SeatSteps.ConfirmReservation, request.IdempotencyKey, request.Faults);
            return confirmed;
        }, ct);
    }
}
