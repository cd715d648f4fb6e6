using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Temporalio.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities.Flights;

/// <summary>
/// The flight booking saga's steps and compensations. Each checks its fault plan first, then runs its side
/// effect once per idempotency key; compensations tolerate "nothing to undo".
/// </summary>
public class FlightActivities(
    SagasDbContext db,
    Idempotency idempotency,
    FaultInjector faults,
    SimulatedPaymentGateway gateway,
    ILogger<FlightActivities> logger)
{
    private static CancellationToken Cancellation =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;

    [Activity]
    public async Task<SeatHold> ReserveSeatAsync(ReserveSeatRequest request)
    {
        faults.ThrowIfStepFails(FlightSteps.ReserveSeat, request.IdempotencyKey, request.Faults);
        var ct = Cancellation;
        return await idempotency.RunOnceAsync(request.IdempotencyKey, "reserve-seat", async () =>
        {
            if (request.Passengers < 1)
            {
                throw BusinessFailure.InvalidInput($"passengers must be at least 1 (got {request.Passengers})");
            }

            if (!await db.Flights.AnyAsync(f => f.Id == request.FlightId, ct))
            {
                throw BusinessFailure.InvalidInput($"unknown flight {request.FlightId}");
            }

            var seats = db.FlightSeatInventory.Where(i => i.FlightId == request.FlightId && i.SeatClass == request.SeatClass);

            // One conditional UPDATE: concurrent reservations can never take the count below zero.
            var reserved = await seats
                .Where(i => i.SeatsAvailable >= request.Passengers)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, i => i.SeatsAvailable - request.Passengers), ct);
            if (reserved == 0)
            {
                var available = await seats.Select(i => (int?)i.SeatsAvailable).FirstOrDefaultAsync(ct);
                throw available is null
                    ? BusinessFailure.InvalidInput($"unknown seat class '{request.SeatClass}' on flight {request.FlightId}")
                    : BusinessFailure.Create(
                        SagaErrorTypes.InsufficientSeats,
                        $"{request.Passengers} {request.SeatClass} seat(s) requested on {request.FlightId}, {available} left");
            }

            var hold = new SeatHoldEntity
            {
                Id = Ids.New("hold"),
                FlightId = request.FlightId,
                SeatClass = request.SeatClass,
                Seats = request.Passengers,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            };
            db.SeatHolds.Add(hold);
            logger.LogInformation(
                "Held {Seats} {SeatClass} seat(s) on {FlightId}: {HoldId} ({IdempotencyKey})",
                hold.Seats, hold.SeatClass, hold.FlightId, hold.Id, request.IdempotencyKey);
            return new SeatHold(hold.Id, hold.FlightId, hold.SeatClass, hold.Seats);
        }, ct);
    }

    [Activity]
    public async Task ReleaseSeatAsync(ReleaseSeatRequest request)
    {
        var ct = Cancellation;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.ReserveSeat, request.IdempotencyKey, request.Faults, ct);
        await idempotency.RunOnceAsync(request.IdempotencyKey, "release-seat", async () =>
        {
            var hold = await db.SeatHolds.AsNoTracking().FirstOrDefaultAsync(h => h.Id == request.Hold.HoldId, ct);
            if (hold is null)
            {
                logger.LogWarning("No seat hold {HoldId} to release ({IdempotencyKey})", request.Hold.HoldId, request.IdempotencyKey);
                return CompensationOutcome.NothingToUndo;
            }

            // held → released happens once, so the seats go back once.
            var released = await db.SeatHolds
                .Where(h => h.Id == hold.Id && h.Status == SeatHoldEntity.Held)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(h => h.Status, SeatHoldEntity.Released).SetProperty(h => h.ReleasedUtc, DateTime.UtcNow), ct);
            if (released == 0)
            {
                logger.LogInformation("Seat hold {HoldId} already released ({IdempotencyKey})", hold.Id, request.IdempotencyKey);
                return CompensationOutcome.AlreadyUndone;
            }

            await db.FlightSeatInventory
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
        faults.ThrowIfStepFails(FlightSteps.DeductLoyaltyPoints, request.IdempotencyKey, request.Faults);
        var ct = Cancellation;
        return await idempotency.RunOnceAsync(request.IdempotencyKey, "deduct-loyalty-points", async () =>
        {
            if (request.Points < 1)
            {
                throw BusinessFailure.InvalidInput($"points to deduct must be at least 1 (got {request.Points})");
            }

            var account = db.LoyaltyAccounts.Where(a => a.UserId == request.UserId);
            var deducted = await account
                .Where(a => a.PointsBalance >= request.Points)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PointsBalance, a => a.PointsBalance - request.Points), ct);
            if (deducted == 0)
            {
                var balance = await account.Select(a => (int?)a.PointsBalance).FirstOrDefaultAsync(ct);
                throw balance is null
                    ? BusinessFailure.InvalidInput($"unknown loyalty account '{request.UserId}'")
                    : BusinessFailure.Create(
                        SagaErrorTypes.InsufficientPoints,
                        $"{request.UserId} has {balance} loyalty points, {request.Points} requested");
            }

            var deduction = new LoyaltyTransaction
            {
                Id = Ids.New("pts"),
                UserId = request.UserId,
                Kind = LoyaltyTransaction.Deduct,
                Points = request.Points,
                IdempotencyKey = request.IdempotencyKey,
                CreatedUtc = DateTime.UtcNow,
            };
            db.LoyaltyTransactions.Add(deduction);
            logger.LogInformation(
                "Deducted {Points} points from {UserId}: {DeductionId} ({IdempotencyKey})",
                request.Points, request.UserId, deduction.Id, request.IdempotencyKey);
            return new PointsDeduction(deduction.Id, request.UserId, request.Points, request.Points * FlightSteps.PointValue);
        }, ct);
    }

    [Activity]
    public async Task RefundLoyaltyPointsAsync(RefundPointsRequest request)
    {
        var ct = Cancellation;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.DeductLoyaltyPoints, request.IdempotencyKey, request.Faults, ct);
        await idempotency.RunOnceAsync(request.IdempotencyKey, "refund-loyalty-points", async () =>
        {
            var deduction = await db.LoyaltyTransactions.AsNoTracking().FirstOrDefaultAsync(
                t => t.Id == request.Deduction.DeductionId && t.Kind == LoyaltyTransaction.Deduct, ct);
            if (deduction is null)
            {
                logger.LogWarning(
                    "No points deduction {DeductionId} to refund ({IdempotencyKey})", request.Deduction.DeductionId, request.IdempotencyKey);
                return CompensationOutcome.NothingToUndo;
            }

            if (await db.LoyaltyTransactions.AnyAsync(t => t.RefundOf == deduction.Id, ct))
            {
                logger.LogInformation("Points deduction {DeductionId} already refunded ({IdempotencyKey})", deduction.Id, request.IdempotencyKey);
                return CompensationOutcome.AlreadyUndone;
            }

            await db.LoyaltyAccounts
                .Where(a => a.UserId == deduction.UserId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.PointsBalance, a => a.PointsBalance + deduction.Points), ct);
            db.LoyaltyTransactions.Add(new LoyaltyTransaction
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
        faults.ThrowIfStepFails(FlightSteps.ProcessPayment, request.IdempotencyKey, request.Faults);
        var ct = Cancellation;
        return await idempotency.RunOnceAsync(
            request.IdempotencyKey,
            "process-payment",
            () => gateway.ChargeAsync(request.IdempotencyKey, request.UserId, request.Amount, request.PaymentMethod, ct),
            ct);
    }

    [Activity]
    public async Task RefundPaymentAsync(RefundPaymentRequest request)
    {
        var ct = Cancellation;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.ProcessPayment, request.IdempotencyKey, request.Faults, ct);
        await idempotency.RunOnceAsync(
            request.IdempotencyKey, "refund-payment", () => gateway.RefundAsync(request.IdempotencyKey, request.Payment, ct), ct);
    }

    [Activity]
    public async Task<BookingConfirmation> ConfirmBookingAsync(ConfirmBookingRequest request)
    {
        faults.ThrowIfStepFails(FlightSteps.ConfirmBooking, request.IdempotencyKey, request.Faults);
        var ct = Cancellation;
        return await idempotency.RunOnceAsync(request.IdempotencyKey, "confirm-booking", async () =>
        {
            var hold = await db.SeatHolds.AsNoTracking().FirstOrDefaultAsync(h => h.Id == request.HoldId, ct);
            if (hold is not { Status: SeatHoldEntity.Held } || hold.FlightId != request.FlightId || hold.SeatClass != request.SeatClass)
            {
                throw BusinessFailure.InvalidInput(
                    $"no held {request.SeatClass} seats {request.HoldId} on {request.FlightId} to confirm");
            }

            if (!await db.Payments.AnyAsync(p => p.Id == request.PaymentId && p.Kind == Payment.Charge, ct))
            {
                throw BusinessFailure.InvalidInput($"no payment {request.PaymentId} to confirm the booking with");
            }

            var reference = BookingReference.New();
            while (await db.Bookings.AnyAsync(b => b.BookingReference == reference, ct))
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
            db.Bookings.Add(booking);
            logger.LogInformation(
                "Confirmed booking {BookingReference} ({BookingId}) for {UserId} on {FlightId} ({IdempotencyKey})",
                reference, booking.Id, request.UserId, request.FlightId, request.IdempotencyKey);
            return new BookingConfirmation(booking.Id, reference);
        }, ct);
    }

    [Activity]
    public async Task CancelBookingAsync(CancelBookingRequest request)
    {
        var ct = Cancellation;
        await faults.ThrowIfCompensationFailsAsync(FlightSteps.ConfirmBooking, request.IdempotencyKey, request.Faults, ct);
        await idempotency.RunOnceAsync(request.IdempotencyKey, "cancel-booking", async () =>
        {
            var cancelled = await db.Bookings
                .Where(b => b.Id == request.Booking.BookingId && b.Status == Booking.Confirmed)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.Status, Booking.Cancelled).SetProperty(b => b.CancelledUtc, DateTime.UtcNow), ct);
            if (cancelled == 1)
            {
                logger.LogInformation(
                    "Cancelled booking {BookingReference} ({BookingId}) ({IdempotencyKey})",
                    request.Booking.BookingReference, request.Booking.BookingId, request.IdempotencyKey);
                return CompensationOutcome.Undone;
            }

            if (await db.Bookings.AnyAsync(b => b.Id == request.Booking.BookingId, ct))
            {
                logger.LogInformation(
                    "Booking {BookingId} already cancelled ({IdempotencyKey})", request.Booking.BookingId, request.IdempotencyKey);
                return CompensationOutcome.AlreadyUndone;
            }

            logger.LogWarning("No booking {BookingId} to cancel ({IdempotencyKey})", request.Booking.BookingId, request.IdempotencyKey);
            return CompensationOutcome.NothingToUndo;
        }, ct);
    }
}
