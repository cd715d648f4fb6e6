using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Activities.Verification;

namespace TemporalSagas.Tests.Activities.Seats;

/// <summary>The invariant checks behind <c>starter verify</c>: clean on fresh demo data, and each one bites.</summary>
public sealed class InvariantCheckTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task RunAllAsync_FreshDemoData_NoViolation()
    {
        InvariantChecks.All.Select(c => c.Domain).Should().Contain(["flights", "orders", "seats"]);

        (await ViolationsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task RunAllAsync_SeatsVanishedFromAZone_SeatBalanceViolation()
    {
        await using (var context = db.NewContext())
        {
            await context.SeatZones().Where(z => z.Id == SeatDemoData.Floor).ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, 499));
        }

        (await ViolationsAsync()).Should().ContainSingle(v => v.Domain == "seats" && v.Invariant == "seats-balance" && v.Subject == SeatDemoData.Floor);
    }

    [Fact]
    public async Task RunAllAsync_ConfirmedReservationWithoutPayment_ConfirmedIsPaidViolation()
    {
        await using (var context = db.NewContext())
        {
            await context.SeatZones().Where(z => z.Id == SeatDemoData.Vip).ExecuteUpdateAsync(s => s.SetProperty(z => z.Available, 18));
            context.SeatReservations().Add(new SeatReservation
            {
                Id = "seat_x",
                BookingId = "seat-reservation-x",
                ZoneId = SeatDemoData.Vip,
                Quantity = 2,
                Status = SeatReservation.Confirmed,
                IdempotencyKey = "x/run/RESERVE_SEATS",
                PaymentId = "spay_missing",
                CreatedUtc = DateTime.UtcNow,
                ExpiresUtc = DateTime.UtcNow.AddMinutes(10),
            });
            await context.SaveChangesAsync();
        }

        (await ViolationsAsync()).Should().ContainSingle(v => v.Invariant == "confirmed-is-paid" && v.Subject == "seat-reservation-x");
    }

    [Fact]
    public async Task RunAllAsync_ChargeWithoutBookingOrRefund_FlightPaymentsViolation()
    {
        await using (var context = db.NewContext())
        {
            context.Payments().Add(new Payment
            {
                Id = "pay_x",
                UserId = "alice",
                Amount = 10m,
                Method = "card",
                Kind = Payment.Charge,
                IdempotencyKey = "f/run/PROCESS_PAYMENT",
                CreatedUtc = DateTime.UtcNow,
            });
            await context.FlightSeatInventory().Where(i => i.FlightId == "TS100" && i.SeatClass == "economy")
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsAvailable, 149));
            await context.SaveChangesAsync();
        }

        var violations = await ViolationsAsync();

        violations.Should().Contain(v => v.Domain == "flights" && v.Invariant == "payments-balanced" && v.Subject == "pay_x");
        violations.Should().Contain(v => v.Domain == "flights" && v.Invariant == "seats-balance" && v.Subject == "TS100/economy");
    }

    [Fact]
    public async Task RunAllAsync_StockChangedWithoutAReservation_OrderStockViolation()
    {
        await using (var context = db.NewContext())
        {
            await context.InventoryItems().Where(i => i.Sku == OrderDemoData.Vitamins).ExecuteUpdateAsync(s => s.SetProperty(i => i.Stock, 400));
        }

        (await ViolationsAsync()).Should().ContainSingle(v => v.Domain == "orders" && v.Invariant == "stock-balance" && v.Subject == OrderDemoData.Vitamins);
    }

    private async Task<IReadOnlyList<InvariantViolation>> ViolationsAsync()
    {
        await using var context = db.NewContext();
        await using var services = InvariantChecks.Services(TemporalSagas.Activities.Data.DatabaseSettings.Sqlite(db.ConnectionString));
        return await InvariantChecks.RunAllAsync(context, services, CancellationToken.None);
    }
}
