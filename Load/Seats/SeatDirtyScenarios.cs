using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Client.Seats;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Seats;

/// <summary>
/// The nine dirty scenarios of the seat reservation saga (docs/dirty-scenarios.md). Each drives real sagas through
/// <see cref="IDirtyHost"/>, records its counters and what went wrong, and ends with every domain's invariants.
/// </summary>
public static class SeatDirtyScenarios
{
    public static readonly SeatConfirmation Card = new("card");

    /// <summary>1. Clients reserve and vanish: each hold expires after its TTL and the seats come back.</summary>
    public static async Task<DirtyReport> AbandonedAsync(IDirtyHost host, int count, TimeSpan ttl, CancellationToken ct)
    {
        var run = new DirtyRun("abandoned", host);
        var zone = await run.ZoneAsync("abandoned", count);
        var bookings = await Task.WhenAll(Enumerable.Range(0, count).Select(i => run.ReserveAsync(new(run.Key("k", i), zone, 1, ttl), ct)));
        run.Set("abandoned_reservations", bookings.Count(b => b.Status == SeatBookingStatus.Held));
        run.Expect(await AvailableAsync(run, zone) == 0, "the holds did not take the seats");

        var ended = await Task.WhenAll(bookings.Select(b => ResultAsync(run, b.BookingId)));
        run.Set("expired", ended.Count(b => b.Status == SeatBookingStatus.Expired));
        run.Expect(ended.All(b => b.Status == SeatBookingStatus.Expired), $"not all expired: {Statuses(ended)}");
        run.Expect(await AvailableAsync(run, zone) == count, "the seats did not all come back after the TTL");
        run.Expect(await HeldAsync(run, zone) == 0, "orphaned holds remain");
        return await run.FinishAsync(count, ct);
    }

    /// <summary>2. The same key sent <paramref name="retries"/> times at once, and once more after the booking closed.</summary>
    public static async Task<DirtyReport> IdempotencyAsync(IDirtyHost host, int retries, CancellationToken ct)
    {
        var run = new DirtyRun("idempotency", host);
        var zone = await run.ZoneAsync("idem", 10);
        var input = new SeatReservationInput(run.Key("k", 0), zone, 2);
        // A burst of duplicates while the first is in flight (the server admits 10 updates at once per workflow),
        // then the stragglers one by one, as a client's retry loop sends them.
        var burst = Math.Min(retries, 5);
        var bookings = (await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => run.ReserveAsync(input, ct)))).ToList();
        for (var i = burst; i < retries; i++)
        {
            bookings.Add(await run.ReserveAsync(input, ct));
        }

        var ids = bookings.Select(b => b.BookingId).Distinct().ToList();
        run.Set("idempotency_hits", bookings.Count - 1);
        run.Set("distinct_bookings", ids.Count);
        run.Expect(ids.Count == 1, $"{ids.Count} booking ids for one key");
        run.Expect(await RowsAsync(run, ids[0]) == 1, "more than one hold for one key");
        run.Expect(await AvailableAsync(run, zone) == 8, "the seats were taken more than once");

        // Closed: the key still names the same booking (reuse policy RejectDuplicate), nothing is taken again.
        await run.ReleaseAsync(ids[0]);
        await ResultAsync(run, ids[0]);
        var again = await run.ReserveAsync(input, ct);
        run.Count("idempotency_hits");
        run.Expect(again.BookingId == ids[0] && again.Status == SeatBookingStatus.Released, $"after close: {again.BookingId} {again.Status}");
        run.Expect(await RowsAsync(run, ids[0]) == 1 && await AvailableAsync(run, zone) == 10, "a retry after close took seats again");
        return await run.FinishAsync(retries + 1, ct);
    }

    /// <summary>3. <paramref name="contenders"/> concurrent reservations for the last seat: one winner.</summary>
    public static async Task<DirtyReport> LastSeatAsync(IDirtyHost host, int contenders, CancellationToken ct)
    {
        var run = new DirtyRun("last-seat", host);
        var zone = await run.ZoneAsync("last", 1);
        var bookings = await Task.WhenAll(Enumerable.Range(0, contenders).Select(i => run.ReserveAsync(new(run.Key("k", i), zone, 1), ct)));
        var winners = bookings.Where(b => b.Status == SeatBookingStatus.Held).ToList();
        var losers = bookings.Count(b => b is { Status: SeatBookingStatus.Rejected, ErrorType: SeatErrors.InsufficientSeats });
        run.Set("concurrency_winners", winners.Count);
        run.Set("concurrency_losers", losers);
        run.Set("insufficient_seats_errors", losers);
        run.Expect(winners.Count == 1, $"{winners.Count} winners");
        run.Expect(losers == contenders - 1, $"{losers} INSUFFICIENT_SEATS, expected {contenders - 1}");
        run.Expect(await AvailableAsync(run, zone) == 0, "the last seat is not taken exactly once");
        run.Expect(await HeldAsync(run, zone) == winners.Sum(w => w.Quantity), "holds and winners differ");
        foreach (var winner in winners)
        {
            run.Expect((await run.ConfirmAsync(winner.BookingId, Card)).Booking?.Status == SeatBookingStatus.Confirmed, "the winner could not confirm");
        }

        return await run.FinishAsync(contenders, ct);
    }

    /// <summary>4. The payment provider answers after the confirm's payment timeout: the seats are released, and the
    /// late charge is refused (its step was fenced) or refunded.</summary>
    public static async Task<DirtyReport> PaymentTimeoutAsync(IDirtyHost host, int count, CancellationToken ct)
    {
        var run = new DirtyRun("payment-timeout", host);
        var zone = await run.ZoneAsync("paytimeout", count);
        var slow = new SeatConfirmation("card", PaymentTimeoutSeconds: 2, new FaultPlan(SlowAt: SeatSteps.ChargePayment, SlowSeconds: 5));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var booking = await run.ReserveAsync(new(run.Key("k", i), zone, 1), ct);
            var (_, error) = await run.ConfirmAsync(booking.BookingId, slow);
            return (booking.BookingId, error);
        }));
        run.Set("payment_timeouts", outcomes.Count(o => o.error == SeatErrors.PaymentTimeout));
        run.Expect(outcomes.All(o => o.error == SeatErrors.PaymentTimeout), $"confirm errors: {string.Join(", ", outcomes.Select(o => o.error ?? "none"))}");
        var ended = await Task.WhenAll(outcomes.Select(o => ResultAsync(run, o.BookingId)));
        run.Set("seats_released", ended.Count(b => b.Status == SeatBookingStatus.Released));
        run.Expect(ended.All(b => b is { Status: SeatBookingStatus.Released, ErrorType: SeatErrors.PaymentTimeout }), $"not all released: {Statuses(ended)}");

        // The slow charges finish after the timeout: they must not leave money taken.
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        await using var db = run.Db();
        var bookingIds = outcomes.Select(o => o.BookingId).ToList();
        var payments = await db.SeatPayments().AsNoTracking().Where(p => bookingIds.Contains(p.BookingId)).ToListAsync(ct);
        var charges = payments.Where(p => p.Kind == SeatPayment.Charge).ToList();
        run.Set("late_charges", charges.Count);
        run.Set("late_charges_refunded", charges.Count(c => payments.Any(r => r.RefundOf == c.Id)));
        run.Expect(charges.All(c => payments.Any(r => r.RefundOf == c.Id)), "a late charge was kept");
        run.Expect(await AvailableAsync(run, zone) == count, "the seats did not come back");
        return await run.FinishAsync(count, ct);
    }

    /// <summary>5. A worker is killed (SIGKILL) while <paramref name="count"/> sagas reserve and confirm; another
    /// worker finishes them, and every booking has one hold and at most one kept charge.</summary>
    public static async Task<DirtyReport> WorkerKillAsync(IDirtyHost host, int count, CancellationToken ct)
    {
        var run = new DirtyRun("worker-kill", host);
        var zone = await run.ZoneAsync("kill", count);
        var held = 0;
        var third = new TaskCompletionSource();
        var killed = new TaskCompletionSource();
        var flows = Enumerable.Range(0, count).Select(async i =>
        {
            var booking = await run.ReserveAsync(new(run.Key("k", i), zone, 1), ct);
            if (Interlocked.Increment(ref held) == Math.Max(1, count / 3))
            {
                third.TrySetResult();
            }

            // Confirm once the kill is over: the kill hits reservations in flight (retried on the new worker); a
            // payment in flight on a killed worker is not retried blindly (PAYMENT_TIMEOUT, scenario 4's path).
            await killed.Task;
            return await run.ConfirmAsync(booking.BookingId, Card);
        }).ToList();

        await third.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
        await host.StartWorkerAsync();
        var unanswered = count - Volatile.Read(ref held);
        await host.KillWorkerAsync();
        run.Count("worker_kills");

        // The kill must land on work in flight, or the scenario proves nothing about it.
        run.Set("reservations_unanswered_at_kill", unanswered);
        run.Expect(unanswered > 0, "the kill came after every reservation had answered: it hit no work in flight");
        killed.SetResult();
        var confirmed = await Task.WhenAll(flows);
        run.Set("confirmed", confirmed.Count(c => c.Booking?.Status == SeatBookingStatus.Confirmed));
        run.Expect(confirmed.All(c => c.Booking?.Status == SeatBookingStatus.Confirmed), $"confirm errors: {string.Join(", ", confirmed.Select(c => c.ErrorType ?? "ok"))}");
        await CountDuplicatesAsync(run, zone, ct);
        return await run.FinishAsync(count, ct);
    }

    /// <summary>6. Another process holds the database's exclusive lock for <paramref name="lockFor"/>: reservations
    /// retry (DATABASE_UNAVAILABLE), none is written half, all finish once the lock is gone.</summary>
    public static async Task<DirtyReport> DatabaseLockedAsync(IDirtyHost host, int count, TimeSpan lockFor, CancellationToken ct)
    {
        var run = new DirtyRun("db-locked", host);
        var zone = await run.ZoneAsync("locked", count);
        await using (var locker = new SqliteConnection(host.ConnectionString))
        {
            await locker.OpenAsync(ct);
            await using (var begin = locker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync(ct);
            }

            run.Count("lock_taken");
            var reserving = Enumerable.Range(0, count).Select(i => run.ReserveAsync(new(run.Key("k", i), zone, 1), ct)).ToList();

            // The lock's time counts from when a reservation is actually at the database (a loaded machine may take
            // seconds to get there): from then on its attempts fail and are retried.
            await WaitForRunningStepAsync(run, SeatReservationWorkflow.WorkflowId(run.Key("k", 0)), SeatSteps.ReserveSeats, ct);
            await Task.Delay(lockFor, ct);

            // Still under the lock: nothing of any reservation may be visible, not a row, not a seat.
            run.Expect(reserving.All(r => !r.IsCompleted), "a reservation finished while the database was locked");
            await using (var read = locker.CreateCommand())
            {
                read.CommandText = "SELECT COUNT(*) FROM seat_reservations WHERE zone_id = $zone";
                read.Parameters.AddWithValue("$zone", zone);
                run.Expect(Convert.ToInt64(await read.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0, "a reservation row exists under the lock");
            }

            await using var rollback = locker.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(ct);
            var bookings = await Task.WhenAll(reserving);
            run.Set("held_after_lock", bookings.Count(b => b.Status == SeatBookingStatus.Held));
            run.Set("service_unavailable", bookings.Sum(b => Math.Max(0, b.ReserveAttempts - 1)));
            run.Expect(bookings.All(b => b.Status == SeatBookingStatus.Held), $"not all held: {Statuses(bookings)}");
            run.Expect(bookings.Any(b => b.ReserveAttempts > 1), "no reservation saw the database unavailable");
            foreach (var booking in bookings)
            {
                await run.ReleaseAsync(booking.BookingId);
            }
        }

        await CountDuplicatesAsync(run, zone, ct);
        run.Expect(await AvailableAsync(run, zone) == count, "seats lost across the lock");
        return await run.FinishAsync(count, ct);
    }

    /// <summary>7. The client gives up before the answer (its own timeout), then retries with the same key.</summary>
    public static async Task<DirtyReport> ClientTimeoutAsync(IDirtyHost host, int count, CancellationToken ct)
    {
        var run = new DirtyRun("client-timeout", host);
        var zone = await run.ZoneAsync("timeout", count);
        var bookings = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            // The reservation's first attempt is slow (3 s); the client waits 0.5 s.
            var input = new SeatReservationInput(run.Key("k", i), zone, 1, Faults: new FaultPlan(SlowAt: SeatSteps.ReserveSeats, SlowSeconds: 3));
            using (var impatient = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                impatient.CancelAfter(TimeSpan.FromMilliseconds(500));
                try
                {
                    await run.ReserveAsync(input, impatient.Token);
                    run.Problem("the slow reservation answered within the client's timeout");
                }
                catch (Exception e) when (impatient.IsCancellationRequested && !ct.IsCancellationRequested && e is OperationCanceledException or Temporalio.Exceptions.RpcTimeoutOrCanceledException)
                {
                    run.Count("network_timeouts");
                }
            }

            return await run.ReserveAsync(input, ct);
        }));
        run.Set("held", bookings.Count(b => b.Status == SeatBookingStatus.Held));
        run.Expect(bookings.All(b => b.Status == SeatBookingStatus.Held), $"not all held: {Statuses(bookings)}");
        foreach (var booking in bookings)
        {
            await run.ConfirmAsync(booking.BookingId, Card);
        }

        await CountDuplicatesAsync(run, zone, ct);
        run.Expect(await AvailableAsync(run, zone) == 0, "seats taken more or less than once per key");
        return await run.FinishAsync(count, ct);
    }

    /// <summary>8. Release twice: the second is RESERVATION_NOT_FOUND and the seats come back once.</summary>
    public static async Task<DirtyReport> DoubleReleaseAsync(IDirtyHost host, int count, CancellationToken ct)
    {
        var run = new DirtyRun("double-release", host);
        var zone = await run.ZoneAsync("double", count * 2);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var booking = await run.ReserveAsync(new(run.Key("k", i), zone, 2), ct);
            var first = await run.ReleaseAsync(booking.BookingId);
            run.Expect(first.Booking?.Status == SeatBookingStatus.Released, $"first release: {first.ErrorType}");
            var second = await run.ReleaseAsync(booking.BookingId);
            if (second.ErrorType == SeatErrors.ReservationNotFound)
            {
                run.Count("double_release_rejected");
            }
            else
            {
                run.Problem($"second release of {booking.BookingId}: {second.Booking?.Status.ToString() ?? second.ErrorType}");
            }
        }));
        run.Expect(await AvailableAsync(run, zone) == count * 2, "seats credited more or less than once");
        return await run.FinishAsync(count, ct);
    }

    /// <summary>9. Confirm after the TTL passed (and of a key never used): RESERVATION_NOT_FOUND.</summary>
    public static async Task<DirtyReport> ConfirmAfterExpiryAsync(IDirtyHost host, int count, TimeSpan ttl, CancellationToken ct)
    {
        var run = new DirtyRun("confirm-after-expiry", host);
        var zone = await run.ZoneAsync("expiry", count);
        var bookings = await Task.WhenAll(Enumerable.Range(0, count).Select(i => run.ReserveAsync(new(run.Key("k", i), zone, 1, ttl), ct)));
        var ended = await Task.WhenAll(bookings.Select(b => ResultAsync(run, b.BookingId)));
        run.Expect(ended.All(b => b.Status == SeatBookingStatus.Expired), $"not all expired: {Statuses(ended)}");
        foreach (var booking in bookings)
        {
            var (confirmed, error) = await run.ConfirmAsync(booking.BookingId, Card);
            run.Count(error == SeatErrors.ReservationNotFound ? "confirm_after_expiry_rejected" : "confirm_after_expiry_accepted");
            run.Expect(confirmed is null, $"{booking.BookingId} confirmed after expiry");
        }

        var (_, unknown) = await run.ConfirmAsync(SeatReservationWorkflow.WorkflowId(run.Key("never-used", 0)), Card);
        run.Expect(unknown == SeatErrors.ReservationNotFound, $"confirm of an unknown booking: {unknown ?? "accepted"}");
        run.Expect(await AvailableAsync(run, zone) == count, "expired seats did not come back");
        return await run.FinishAsync(count, ct);
    }

    /// <summary>The dev server is killed and restarted in the middle of <paramref name="count"/> reserve-and-confirm
    /// flows: the workers and this client reconnect by themselves, every saga resumes and finishes.</summary>
    public static async Task<DirtyReport> ServerRestartAsync(IDirtyHost host, int count, CancellationToken ct)
    {
        var run = new DirtyRun("server-restart", host);
        var zone = await run.ZoneAsync("restart", count);
        var held = 0;
        var restarted = new TaskCompletionSource();
        var flows = Enumerable.Range(0, count).Select(async i =>
        {
            var booking = await run.ReserveAsync(new(run.Key("k", i), zone, 1), ct);
            if (Interlocked.Increment(ref held) == Math.Max(1, count / 2))
            {
                restarted.TrySetResult();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * (i % 10)), ct);
            return await run.ConfirmAsync(booking.BookingId, Card);
        }).ToList();

        await restarted.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
        await host.RestartServerAsync(TimeSpan.FromSeconds(3));
        run.Count("server_restarts");
        var confirmed = await Task.WhenAll(flows);
        run.Set("confirmed", confirmed.Count(c => c.Booking?.Status == SeatBookingStatus.Confirmed));
        run.Expect(confirmed.All(c => c.Booking?.Status == SeatBookingStatus.Confirmed), $"confirm errors: {string.Join(", ", confirmed.Select(c => c.ErrorType ?? "ok"))}");
        await CountDuplicatesAsync(run, zone, ct);
        return await run.FinishAsync(count, ct);
    }

    private static async Task WaitForRunningStepAsync(DirtyRun run, string bookingId, string step, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var state = await SeatReservationClient.Handle(run.Host.Client, bookingId).QueryAsync(wf => wf.GetState());
                if (state.Steps.Any(s => s.Name == step && s.Status == Workflows.Saga.StepStatus.Running))
                {
                    return;
                }
            }
            catch (Exception e) when (e is Temporalio.Exceptions.WorkflowQueryFailedException or Temporalio.Exceptions.RpcException)
            {
                // not started or no workflow task yet
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }

        run.Problem($"{bookingId} never reached {step}");
    }

    /// <summary>The booking as it ended (waits for the workflow to close).</summary>
    public static Task<SeatBooking> ResultAsync(DirtyRun run, string bookingId) =>
        run.RetryWhileServerDownAsync(
            async () => (await SeatReservationClient.Handle(run.Host.Client, bookingId).GetResultAsync().WaitAsync(TimeSpan.FromMinutes(3))).Booking,
            default);

    private static async Task CountDuplicatesAsync(DirtyRun run, string zone, CancellationToken ct)
    {
        await using var db = run.Db();
        var rows = await db.SeatReservations().AsNoTracking().Where(r => r.ZoneId == zone).Select(r => r.BookingId).ToListAsync(ct);
        var duplicates = rows.Count - rows.Distinct().Count();
        run.Set("duplicate_holds", duplicates);
        run.Expect(duplicates == 0, $"{duplicates} duplicate hold(s)");
        var bookings = rows.Distinct().ToList();
        var charges = await db.SeatPayments().AsNoTracking()
            .Where(p => bookings.Contains(p.BookingId) && p.Kind == SeatPayment.Charge)
            .GroupBy(p => p.BookingId)
            .Select(g => g.Count())
            .ToListAsync(ct);
        var doubleCharged = charges.Count(c => c > 1);
        run.Set("duplicate_charges", doubleCharged);
        run.Expect(doubleCharged == 0, $"{doubleCharged} booking(s) charged twice");
    }

    private static async Task<int> AvailableAsync(DirtyRun run, string zone)
    {
        await using var db = run.Db();
        return await db.SeatZones().AsNoTracking().Where(z => z.Id == zone).Select(z => z.Available).FirstAsync();
    }

    private static async Task<int> HeldAsync(DirtyRun run, string zone)
    {
        await using var db = run.Db();
        return await db.SeatReservations().AsNoTracking().Where(r => r.ZoneId == zone && r.Status != SeatReservation.Released).SumAsync(r => r.Quantity);
    }

    private static async Task<int> RowsAsync(DirtyRun run, string bookingId)
    {
        await using var db = run.Db();
        return await db.SeatReservations().AsNoTracking().CountAsync(r => r.BookingId == bookingId);
    }

    private static string Statuses(IEnumerable<SeatBooking> bookings) =>
        string.Join(", ", bookings.GroupBy(b => b.Status).Select(g => $"{g.Count()} {g.Key}"));
}
