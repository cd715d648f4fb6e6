using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Activities.Flights;

/// <summary>
/// The flight booking saga's steps and compensations. Each step runs its side effect once per idempotency key;
/// each compensation finds the step's effect by the step's key (so it works when the step's result never arrived)
/// and tolerates "nothing to undo". All are short database transactions: they need no heartbeat, and a cancelled
/// one finishes before the workflow moves on.
/// </summary>
public class FlightActivities(
    SagasDbContext db,
    Idempotency idempotency,
    FaultInjector faults,
    SimulatedPaymentGateway gateway,
    ILogger<FlightActivities> logger)
{
    /// <summary>Read-only: every problem the workflow's input has against the database (unknown flight, seat class or user).</summary>
    [Activity]
    public Task<IReadOnlyList<string>> CheckBookingAsync(BookingCheckRequest request) =>
        ProblemsAsync(request, ActivityCancellation.Token);

    private async Task<IReadOnlyList<string>> ProblemsAsync(BookingCheckRequest request, CancellationToken ct)
    {
        var problems = new List<string>();
        if (!await db.Flights().AnyAsync(f => f.Id == request.FlightId, ct))
        {
            problems.Add($"flight id: unknown flight '{request.FlightId}'");
        }
        else if (!await db.FlightSeatInventory().AnyAsync(i => i.FlightId == request.FlightId && i.SeatClass == request.SeatClass, ct))
        {
            problems.Add($"seat class: flight {request.FlightId} has no {request.SeatClass} seats");
        }

        if (!await db.LoyaltyAccounts().AnyAsync(a => a.UserId == request.UserId, ct))
        {
            problems.Add($"user id: no account for user '{request.UserId}'");
        }

        return problems;
    }

    [Activity]
    public async Task<SeatHold> ReserveSeatAsync(ReserveSeatRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(FlightSteps.ReserveSeat, request.IdempotencyKey, request.Faults);
        var hold = await idempotency.RunOnceAsync(request.IdempotencyKey, "reserve-seat", request, async () =>
        {
            if (request.Passengers < 1)
            {
                throw BusinessFailure.InvalidInput($"passengers must be at least 1 (got {request.Passengers})");
            }

            // The saga's data check, when it rides on this step: inside the idempotent section, so it runs only on an
            // attempt that has not taken effect, and a refusal is known to have written nothing.
            if (request.Check is { } check && await ProblemsAsync(check, ct) is { Count: > 0 } problems)
            {
                throw BusinessFailure.InvalidInput(string.Join("; ", problems));
            }

            var seats = db.FlightSeatInventory().Where(i => i.FlightId == request.FlightId && i.SeatClass == request.SeatClass);

            // One conditional UPDATE: concurrent reservations can never take the count below zero.
            var reserved = await seats
                .Where(i => i.SeatsAvailable >= request.Passengers)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, i => i.SeatsAvailable - request.Passengers), ct);
            if (reserved == 0)
            {
                var available = await seats.Select(i => (int?)i.SeatsAvailable).FirstOrDefaultAsync(ct);
                throw available is null
                    ? BusinessFailure.InvalidInput($"unknown flight {request.FlightId} or seat class '{request.SeatClass}'")
                    : BusinessFailure.Create(
                        FlightErrors.InsufficientSeats,
                        $"{request.Passengers} {request.SeatClass} seat(s) requested on {request.FlightId}, {available} left");
            }

            var entity = new SeatHoldEntity
            {
                Id = Ids.New("hold"),
                FlightId = request.FlightId,
                SeatClass = request.SeatClass,
                Seats = request.Passengers,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            };
            db.SeatHolds().Add(entity);
            logger.LogInformation(
                "Held {Seats} {SeatClass} seat(s) on {FlightId}: {HoldId} ({IdempotencyKey})",
                entity.Seats, entity.SeatClass, entity.FlightId, entity.Id, request.IdempotencyKey);
            return new SeatHold(entity.Id, entity.FlightId, entity.SeatClass, entity.Seats);
        }, ct);
        faults.AfterEffect(FlightSteps.ReserveSeat, request.IdempotencyKey, request.Faults);
        return hold;
    }

    [Activity]
    public async Task<string> ReleaseSeatAsync(UndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.ReserveSeat, request.IdempotencyKey, request.Faults, ct);
        return await idempotency.UndoOnceAsync(request.IdempotencyKey, request.StepKey, "release-seat", request, async () =>
        {
            var hold = await db.SeatHolds().AsNoTracking().FirstOrDefaultAsync(h => h.IdempotencyKey == request.StepKey, ct);
            if (hold is null)
            {
                logger.LogInformation("No seat hold of {StepKey} to release ({IdempotencyKey})", request.StepKey, request.IdempotencyKey);
                return CompensationOutcome.NothingToUndo;
            }

            // held → released happens once, so the seats go back once.
            var released = await db.SeatHolds()
                .Where(h => h.Id == hold.Id && h.Status == SeatHoldEntity.Held)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(h => h.Status, SeatHoldEntity.Released).SetProperty(h => h.ReleasedUtc, DateTime.UtcNow), ct);
            if (released == 0)
            {
                logger.LogInformation("Seat hold {HoldId} already released ({IdempotencyKey})", hold.Id, request.IdempotencyKey);
                return CompensationOutcome.AlreadyUndone;
            }

            await db.FlightSeatInventory()
                .Where(i => i.FlightId == hold.FlightId && i.SeatClass == hold.SeatClass)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, i => i.SeatsAvailable + hold.Seats), ct);
            logger.LogInformation(
                "Released {Seats} {SeatClass} seat(s) on {FlightId} from {HoldId} ({IdempotencyKey})",
                hold.Seats, hold.SeatClass, hold.FlightId, hold.Id, request.IdempotencyKey);
            return CompensationOutcome.Undone;
        }, ct);
    }

    [Activity]
    public async Task<PointsDeduction> DeductLoyaltyPointsAsync(DeductPointsRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(FlightSteps.DeductLoyaltyPoints, request.IdempotencyKey, request.Faults);
        var deduction = await idempotency.RunOnceAsync(request.IdempotencyKey, "deduct-loyalty-points", request, async () =>
        {
            if (request.Points < 1)
            {
                throw BusinessFailure.InvalidInput($"points to deduct must be at least 1 (got {request.Points})");
            }

            var account = db.LoyaltyAccounts().Where(a => a.UserId == request.UserId);
            var deducted = await account
                .Where(a => a.PointsBalance >= request.Points)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PointsBalance, a => a.PointsBalance - request.Points), ct);
            if (deducted == 0)
            {
                var balance = await account.Select(a => (int?)a.PointsBalance).FirstOrDefaultAsync(ct);
                throw balance is null
                    ? BusinessFailure.InvalidInput($"unknown loyalty account '{request.UserId}'")
                    : BusinessFailure.Create(
                        FlightErrors.InsufficientPoints,
                        $"{request.UserId} has {balance} loyalty points, {request.Points} requested");
            }

            var entity = new LoyaltyTransaction
            {
                Id = Ids.New("pts"),
                UserId = request.UserId,
                Kind = LoyaltyTransaction.Deduct,
                Points = request.Points,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            };
            db.LoyaltyTransactions().Add(entity);
            logger.LogInformation(
                "Deducted {Points} points from {UserId}: {DeductionId} ({IdempotencyKey})",
                request.Points, request.UserId, entity.Id, request.IdempotencyKey);
            return new PointsDeduction(entity.Id, request.UserId, request.Points, request.Points * FlightSteps.PointValue);
        }, ct);
        faults.AfterEffect(FlightSteps.DeductLoyaltyPoints, request.IdempotencyKey, request.Faults);
        return deduction;
    }

    [Activity]
    public async Task<string> RefundLoyaltyPointsAsync(UndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.DeductLoyaltyPoints, request.IdempotencyKey, request.Faults, ct);
        return await idempotency.UndoOnceAsync(request.IdempotencyKey, request.StepKey, "refund-loyalty-points", request, async () =>
        {
            var deduction = await db.LoyaltyTransactions().AsNoTracking().FirstOrDefaultAsync(
                t => t.IdempotencyKey == request.StepKey && t.Kind == LoyaltyTransaction.Deduct, ct);
            if (deduction is null)
            {
                logger.LogInformation(
                    "No points deduction of {StepKey} to refund ({IdempotencyKey})", request.StepKey, request.IdempotencyKey);
                return CompensationOutcome.NothingToUndo;
            }

            if (await db.LoyaltyTransactions().AnyAsync(t => t.RefundOf == deduction.Id, ct))
            {
                logger.LogInformation("Points deduction {DeductionId} already refunded ({IdempotencyKey})", deduction.Id, request.IdempotencyKey);
                return CompensationOutcome.AlreadyUndone;
            }

            await db.LoyaltyAccounts()
                .Where(a => a.UserId == deduction.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PointsBalance, a => a.PointsBalance + deduction.Points), ct);
            db.LoyaltyTransactions().Add(new LoyaltyTransaction
            {
                Id = Ids.New("pts"),
                UserId = deduction.UserId,
                Kind = LoyaltyTransaction.Refund,
                Points = deduction.Points,
                RefundOf = deduction.Id,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            });
            logger.LogInformation(
                "Refunded {Points} points to {UserId} for {DeductionId} ({IdempotencyKey})",
                deduction.Points, deduction.UserId, deduction.Id, request.IdempotencyKey);
            return CompensationOutcome.Undone;
        }, ct);
    }

    [Activity]
    public async Task<PaymentReceipt> ProcessPaymentAsync(PaymentRequest request)
    {
        await using var heartbeat = ActivityHeartbeat.Start();
        await faults.BeforeEffectAsync(FlightSteps.ProcessPayment, request.IdempotencyKey, request.Faults);

        // Once the charge request is on its way to the provider its outcome is recorded whatever happens: a cancel
        // arriving now must not leave a charge nobody knows about (the saga undoes it after the step settles).
        var receipt = await idempotency.RunOnceAsync(
            request.IdempotencyKey,
            "process-payment",
            request,
            () => gateway.ChargeAsync(request.IdempotencyKey, request.UserId, request.Amount, request.PaymentMethod, CancellationToken.None),
            CancellationToken.None);
        faults.AfterEffect(FlightSteps.ProcessPayment, request.IdempotencyKey, request.Faults);
        return receipt;
    }

    [Activity]
    public async Task<string> RefundPaymentAsync(UndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.ProcessPayment, request.IdempotencyKey, request.Faults, ct);
        return await idempotency.UndoOnceAsync(
            request.IdempotencyKey, request.StepKey, "refund-payment", request,
            () => gateway.RefundAsync(request.IdempotencyKey, request.StepKey, ct), ct);
    }

    [Activity]
    public async Task<BookingConfirmation> ConfirmBookingAsync(ConfirmBookingRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.BeforeEffectAsync(FlightSteps.ConfirmBooking, request.IdempotencyKey, request.Faults);
        var confirmation = await idempotency.RunOnceAsync(request.IdempotencyKey, "confirm-booking", request, async () =>
        {
            var hold = await db.SeatHolds().AsNoTracking().FirstOrDefaultAsync(h => h.Id == request.HoldId, ct);
            if (hold is not { Status: SeatHoldEntity.Held } || hold.FlightId != request.FlightId || hold.SeatClass != request.SeatClass)
            {
                throw BusinessFailure.InvalidInput(
                    $"no held {request.SeatClass} seats {request.HoldId} on {request.FlightId} to confirm");
            }

            if (!await db.Payments().AnyAsync(p => p.Id == request.PaymentId && p.Kind == Payment.Charge, ct))
            {
                throw BusinessFailure.InvalidInput($"no payment {request.PaymentId} to confirm the booking with");
            }

            var reference = BookingReference.New();
            while (await db.Bookings().AnyAsync(b => b.BookingReference == reference, ct))
            {
                reference = BookingReference.New();
            }

            var booking = new Booking
            {
                Id = Ids.New("bkg"),
                BookingReference = reference,
                FlightId = request.FlightId,
                UserId = request.UserId,
                SeatClass = request.SeatClass,
                Passengers = request.Passengers,
                HoldId = request.HoldId,
                PaymentId = request.PaymentId,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            };
            db.Bookings().Add(booking);
            logger.LogInformation(
                "Confirmed booking {BookingReference} ({BookingId}) for {UserId} on {FlightId} ({IdempotencyKey})",
                reference, booking.Id, request.UserId, request.FlightId, request.IdempotencyKey);
            return new BookingConfirmation(booking.Id, reference);
        }, ct);
        faults.AfterEffect(FlightSteps.ConfirmBooking, request.IdempotencyKey, request.Faults);
        return confirmation;
    }

    /// <summary>Only reached when CONFIRM_BOOKING's outcome is unknown (the saga was cancelled or hit its deadline
    /// while it ran): the last step has nothing after it that could fail.</summary>
    [Activity]
    public async Task<string> CancelBookingAsync(UndoRequest request)
    {
        var ct = ActivityCancellation.Token;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.ConfirmBooking, request.IdempotencyKey, request.Faults, ct);
        return await idempotency.UndoOnceAsync(request.IdempotencyKey, request.StepKey, "cancel-booking", request, async () =>
        {
            var booking = await db.Bookings().AsNoTracking().FirstOrDefaultAsync(b => b.IdempotencyKey == request.StepKey, ct);
            if (booking is null)
            {
                logger.LogInformation("No booking of {StepKey} to cancel ({IdempotencyKey})", request.StepKey, request.IdempotencyKey);
                return CompensationOutcome.NothingToUndo;
            }

            var cancelled = await db.Bookings()
                .Where(b => b.Id == booking.Id && b.Status == Booking.Confirmed)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.Status, Booking.Cancelled).SetProperty(b => b.CancelledUtc, DateTime.UtcNow), ct);
            if (cancelled == 0)
            {
                logger.LogInformation("Booking {BookingId} already cancelled ({IdempotencyKey})", booking.Id, request.IdempotencyKey);
                return CompensationOutcome.AlreadyUndone;
            }

            logger.LogInformation(
                "Cancelled booking {BookingReference} ({BookingId}) ({IdempotencyKey})",
                booking.BookingReference, booking.Id, request.IdempotencyKey);
            return CompensationOutcome.Undone;
        }, ct);
    }
}
