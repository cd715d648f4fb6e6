using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Tests.Activities.Verification;

/// <summary>
/// Every invariant <c>verify</c> can report fires: a fresh, migrated and seeded database reports nothing; each case
/// corrupts it in the one way its invariant guards against (rows written directly) and expects exactly that invariant,
/// for that subject, from all the checks together and from its domain's check alone.
/// </summary>
public sealed class EveryInvariantFiresTests : IAsyncLifetime
{
    private static readonly string Economy = $"{FlightDemoData.Flights[0].Id}/{SeatClasses.Economy}";

    private static readonly IReadOnlyDictionary<string, Corruption> Corruptions = new[]
    {
        // Flights.
        new Corruption("flights", "seats-never-negative", Economy, async db =>
            await (await WithoutCheckConstraintsAsync(db, EconomyOf)).ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, -1).SetProperty(i => i.Capacity, -1))),
        new Corruption("flights", "seats-balance", Economy, async db =>
            await EconomyOf(db).ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, i => i.Capacity - 1))),
        new Corruption("flights", "payments-balanced", "pay-lost", db =>
        {
            db.Payments().Add(FlightPayment("pay-lost", Payment.Charge, 120m));
            return Task.CompletedTask;
        }),
        new Corruption("flights", "refund-matches-charge", "pay-short", db =>
        {
            db.Payments().Add(FlightPayment("pay-short", Payment.Charge, 120m));
            db.Payments().Add(FlightPayment("pay-short-refund", Payment.Refund, 100m, refundOf: "pay-short"));
            return Task.CompletedTask;
        }),
        new Corruption("flights", "loyalty-balanced", "pts-lost", db =>
        {
            db.LoyaltyTransactions().Add(Points("pts-lost", LoyaltyTransaction.Deduct, 500));
            return Task.CompletedTask;
        }),
        new Corruption("flights", "refund-matches-deduction", "pts-short", db =>
        {
            db.LoyaltyTransactions().Add(Points("pts-short", LoyaltyTransaction.Deduct, 500));
            db.LoyaltyTransactions().Add(Points("pts-short-refund", LoyaltyTransaction.Refund, 400, refundOf: "pts-short"));
            return Task.CompletedTask;
        }),

        // Seats.
        new Corruption("seats", "seats-never-negative", SeatDemoData.Vip, async db =>
            await (await WithoutCheckConstraintsAsync(db, VipOf)).ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, -1).SetProperty(z => z.Capacity, -1))),
        new Corruption("seats", "seats-balance", SeatDemoData.Vip, async db =>
            await VipOf(db).ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, z => z.Capacity - 1))),
        new Corruption("seats", "confirmed-is-paid", "bk-unpaid", async db =>
            await ReserveAsync(db, Reservation("bk-unpaid", SeatReservation.Confirmed, paymentId: null))),
        new Corruption("seats", "one-charge-per-booking", "bk-twice", async db =>
        {
            await ReserveAsync(db, Reservation("bk-twice", SeatReservation.Confirmed, paymentId: "sp-first"));
            db.SeatPayments().Add(SeatCharge("sp-first", "bk-twice", 500m));
            db.SeatPayments().Add(SeatCharge("sp-second", "bk-twice", 500m));
        }),
        new Corruption("seats", "released-is-refunded", "bk-kept", db =>
        {
            // A released reservation holds no seats: the zone's count stays as seeded.
            db.SeatReservations().Add(Reservation("bk-kept", SeatReservation.Released, paymentId: "sp-kept"));
            db.SeatPayments().Add(SeatCharge("sp-kept", "bk-kept", 500m));
            return Task.CompletedTask;
        }),
        new Corruption("seats", "no-orphan-hold", "bk-orphan", async db =>
        {
            var hold = Reservation("bk-orphan", SeatReservation.Held, paymentId: null);
            hold.ExpiresUtc = DateTime.UtcNow - SeatInvariants.ExpiryGrace - TimeSpan.FromMinutes(10);
            await ReserveAsync(db, hold);
        }),
        new Corruption("seats", "refund-matches-charge", "sp-short-refund", db =>
        {
            db.SeatReservations().Add(Reservation("bk-short", SeatReservation.Released, paymentId: "sp-short"));
            db.SeatPayments().Add(SeatCharge("sp-short", "bk-short", 500m));
            db.SeatPayments().Add(SeatRefund("sp-short-refund", "bk-short", 400m, refundOf: "sp-short"));
            return Task.CompletedTask;
        }),
        new Corruption("seats", "charge-has-booking", "sp-stray", db =>
        {
            db.SeatPayments().Add(SeatCharge("sp-stray", "bk-nobody", 250m));
            return Task.CompletedTask;
        }),

        // Orders.
        new Corruption("orders", "stock-never-negative", "HAND-01", async db =>
        {
            // Added by hand: no seeded stock, so only the never-negative rule applies to it.
            (await WithoutCheckConstraintsAsync(db, d => d.InventoryItems()))
                .Add(new InventoryItem { Sku = "HAND-01", Name = "Added by hand", Stock = -1 });
        }),
        new Corruption("orders", "stock-balance", OrderDemoData.Vitamins, async db =>
            await db.InventoryItems().Where(i => i.Sku == OrderDemoData.Vitamins).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, i => i.Stock - 1))),
        new Corruption("orders", OrderInvariants.StuckCompensating, "order-stuck", db =>
        {
            db.OrderFulfillmentSagas().Add(new OrderFulfillmentSaga
            {
                OrderId = "order-stuck",
                SagaId = "saga-stuck",
                State = OrderSagaStates.Compensating,
                StartedUtc = DateTime.UtcNow.AddHours(-1),
                UpdatedUtc = DateTime.UtcNow,
                LastSequence = 3,
            });
            return Task.CompletedTask;
        }),
        new Corruption("orders", OrderInvariants.CompletedThenCompensated, "order-undone", db =>
        {
            db.DomainEvents().Add(Event("order-undone", 1, OrderEventTypes.FulfillmentStarted));
            db.DomainEvents().Add(Event("order-undone", 2, OrderEventTypes.FulfillmentCompleted));
            db.DomainEvents().Add(Event("order-undone", 3, OrderEventTypes.CompensationRecorded));
            return Task.CompletedTask;
        }),

        // Appointments, against the SIMULATED calendar in the same database.
        new Corruption("appointment", AppointmentInvariantCheck.PointsAtDeadBooking, "appt-dead", db =>
        {
            db.Appointments().Add(Appointment("appt-dead", AppointmentStatuses.Scheduled, AppointmentStatuses.Synced, bookingUid: "sim-missing"));
            return Task.CompletedTask;
        }),
        new Corruption("appointment", AppointmentInvariantCheck.OrphanedBooking, "sim-orphan", db =>
        {
            var host = SimulatedCalendarData.Hosts[0];
            var start = DateTime.UtcNow.Date.AddDays(3).AddHours(9);
            db.CalendarBookings().Add(new SimulatedCalendarBooking
            {
                Uid = "sim-orphan",
                EventTypeId = host.EventTypeId,
                HostId = host.Id,
                StartUtc = start,
                EndUtc = start.AddMinutes(SimulatedCalendarData.EventTypeLengthMinutes),
                AttendeeName = "Orphan",
                AttendeeEmail = "orphan@example.com",
                TimeZone = "UTC",
                MetadataJson = """{"idempotencyKey":"appointment-orphan/book"}""",
                IdempotencyKey = "appointment-orphan/book",
                CreatedUtc = DateTime.UtcNow,
            });
            return Task.CompletedTask;
        }),
        new Corruption("appointment", AppointmentInvariantCheck.InvalidStatusPair, "appt-bad-pair", db =>
        {
            // Pending has no booking, so it cannot be synced.
            db.Appointments().Add(Appointment("appt-bad-pair", AppointmentStatuses.Pending, AppointmentStatuses.Synced, bookingUid: null));
            return Task.CompletedTask;
        }),
    }.ToDictionary(c => $"{c.Domain}/{c.Invariant}");

    private TestDatabase db = null!;

    public static TheoryData<string> Cases => new(Corruptions.Keys);

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task FreshDatabase_ReportsNoViolation()
    {
        (await RunAllAsync()).Should().BeEmpty();
    }

    [Fact]
    public void EveryDomainHasCases()
    {
        Corruptions.Values.Select(c => c.Domain).Distinct()
            .Should().BeEquivalentTo(InvariantChecks.All.Select(c => c.Domain));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CorruptedData_ReportsExactlyThatInvariant(string name)
    {
        var corruption = Corruptions[name];
        (await RunAllAsync()).Should().BeEmpty("a fresh database balances");

        await using (var context = db.NewContext())
        {
            await corruption.ApplyAsync(context);
            await context.SaveChangesAsync();
        }

        var expected = (corruption.Domain, corruption.Invariant, corruption.Subject);
        (await RunAllAsync()).Select(v => (v.Domain, v.Invariant, v.Subject))
            .Should().Equal(new[] { expected }, "only {0} was broken", name);
        (await RunDomainAsync(corruption.Domain)).Select(v => (v.Domain, v.Invariant, v.Subject))
            .Should().Equal(new[] { expected }, "the {0} check alone reports it too", corruption.Domain);
    }

    /// <summary>
    /// Keeps <paramref name="context"/>'s connection open with SQLite's CHECK constraints off: the schema itself refuses
    /// negative counts, and the never-negative invariants guard against a database where that refusal was bypassed.
    /// </summary>
    private static async Task<T> WithoutCheckConstraintsAsync<T>(SagasDbContext context, Func<SagasDbContext, T> table)
    {
        await context.Database.OpenConnectionAsync();
        await context.Database.ExecuteSqlRawAsync("PRAGMA ignore_check_constraints = ON");
        return table(context);
    }

    private static IQueryable<FlightSeatInventory> EconomyOf(SagasDbContext context) =>
        context.FlightSeatInventory().Where(i => i.FlightId == FlightDemoData.Flights[0].Id && i.SeatClass == SeatClasses.Economy);

    private static IQueryable<SeatZone> VipOf(SagasDbContext context) => context.SeatZones().Where(z => z.Id == SeatDemoData.Vip);

    private static Payment FlightPayment(string id, string kind, decimal amount, string? refundOf = null) => new()
    {
        Id = id,
        UserId = "alice",
        Amount = amount,
        Method = "card",
        Kind = kind,
        RefundOf = refundOf,
        IdempotencyKey = $"flight-lost/run-1/{id}",
        CreatedUtc = DateTime.UtcNow,
    };

    private static LoyaltyTransaction Points(string id, string kind, int points, string? refundOf = null) => new()
    {
        Id = id,
        UserId = "alice",
        Kind = kind,
        Points = points,
        RefundOf = refundOf,
        IdempotencyKey = $"flight-lost/run-1/{id}",
        CreatedUtc = DateTime.UtcNow,
    };

    private static SeatReservation Reservation(string bookingId, string status, string? paymentId) => new()
    {
        Id = $"res-{bookingId}",
        BookingId = bookingId,
        ZoneId = SeatDemoData.Vip,
        Quantity = 2,
        Amount = 500m,
        Status = status,
        IdempotencyKey = $"{bookingId}/reserve",
        PaymentId = paymentId,
        CreatedUtc = DateTime.UtcNow,
        ExpiresUtc = DateTime.UtcNow.AddMinutes(10),
    };

    /// <summary>Adds a reservation that holds seats, taking them from the zone so the seat count still balances.</summary>
    private static async Task ReserveAsync(SagasDbContext context, SeatReservation reservation)
    {
        context.SeatReservations().Add(reservation);
        await context.SeatZones().Where(z => z.Id == reservation.ZoneId)
            .ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, z => z.Available - reservation.Quantity));
    }

    private static SeatPayment SeatCharge(string id, string bookingId, decimal amount) => new()
    {
        Id = id,
        BookingId = bookingId,
        Kind = SeatPayment.Charge,
        Amount = amount,
        Method = "card",
        IdempotencyKey = $"{bookingId}/{id}",
        CreatedUtc = DateTime.UtcNow,
    };

    private static SeatPayment SeatRefund(string id, string bookingId, decimal amount, string refundOf) => new()
    {
        Id = id,
        BookingId = bookingId,
        Kind = SeatPayment.Refund,
        Amount = amount,
        Method = "card",
        RefundOf = refundOf,
        IdempotencyKey = $"{bookingId}/{id}",
        CreatedUtc = DateTime.UtcNow,
    };

    private static DomainEvent Event(string orderId, int sequence, string type) => new()
    {
        AggregateId = orderId,
        Sequence = sequence,
        EventType = type,
        PayloadJson = "{}",
        OccurredUtc = DateTime.UtcNow,
        IdempotencyKey = $"{orderId}/{sequence}",
    };

    private static Appointment Appointment(string id, string status, string syncStatus, string? bookingUid)
    {
        var start = DateTime.UtcNow.Date.AddDays(2).AddHours(10);
        return new Appointment
        {
            Id = id,
            CustomerId = "customer-nobody",
            StaffId = AppointmentDemoData.Ada,
            CalcomBookingUid = bookingUid,
            StartsUtc = start,
            EndsUtc = start.AddMinutes(SimulatedCalendarData.EventTypeLengthMinutes),
            Status = status,
            CalcomSyncStatus = syncStatus,
            IdempotencyKey = $"{id}/book",
            SagaId = $"saga-{id}",
            CreatedUtc = DateTime.UtcNow,
            UpdatedUtc = DateTime.UtcNow,
        };
    }

    private async Task<IReadOnlyList<InvariantViolation>> RunAllAsync()
    {
        await using var services = InvariantChecks.Services(DatabaseSettings.Sqlite(db.ConnectionString));
        await using var context = db.NewContext();
        return await InvariantChecks.RunAllAsync(context, services, CancellationToken.None);
    }

    private async Task<IReadOnlyList<InvariantViolation>> RunDomainAsync(string domain)
    {
        await using var services = InvariantChecks.Services(DatabaseSettings.Sqlite(db.ConnectionString));
        await using var context = db.NewContext();
        return await InvariantChecks.All.Single(c => c.Domain == domain).CheckAsync(context, services, CancellationToken.None);
    }

    /// <summary>One invariant, the subject it must be reported for, and the corruption that breaks it.</summary>
    private sealed record Corruption(string Domain, string Invariant, string Subject, Func<SagasDbContext, Task> ApplyAsync);
}
