using Microsoft.EntityFrameworkCore;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Client.Orders;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Starter;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Postgres;

/// <summary>
/// Three worker processes on one task queue sharing PostgreSQL, two of them killed (SIGKILL) and restarted in the
/// middle of a run of mixed sagas: every saga finishes exactly once, with one effect per step and balanced books.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class MultiWorkerOnPostgresTests(PostgresDevServerFixture fixture)
{
    private const int Flights = 240;
    private const int Orders = 60;
    private const int Seats = 1_000;
    private const int Stock = 1_000;

    [Fact]
    public async Task MixedSagas_ThreeWorkersKilledAndRestarted_EverySagaFinishesOnceAndTheBooksBalance()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var flightId = $"MW{run[..6]}".ToUpperInvariant();
        var sku = $"MW-{run}".ToUpperInvariant();
        await SeedAsync(flightId, sku);
        var taskQueue = $"multi-{run}";
        var workers = Enumerable.Range(0, 3).Select(_ => new WorkerProcess(fixture, taskQueue)).ToList();
        try
        {
            var flights = new List<(Task<FlightBookingResult> Result, string Id)>();
            var orders = new List<(Task<OrderFulfillmentResult> Result, string Id)>();
            for (var i = 0; i < Flights; i++)
            {
                // One in ten is declined at payment, one in ten fails at confirmation: both compensate.
                var input = new FlightBookingInput(flightId, "alice", 1, SeatClasses.Economy, 100m,
                    PaymentMethod: i % 10 == 3 ? "declined-card" : "card",
                    Faults: i % 10 == 7 ? new FaultPlan(FailAt: FlightSteps.ConfirmBooking) : null);
                var handle = await fixture.StartFlightAsync(input, FlightBookingWorkflow.WorkflowId($"mw-{run}-{i}"), taskQueue);
                flights.Add((handle.GetResultAsync(), handle.Id));
            }

            for (var i = 0; i < Orders; i++)
            {
                var input = new OrderFulfillmentInput($"mw-{run}-{i}", [new OrderLine(sku, 2)], "1 Multi Worker Way",
                    Faults: i % 10 == 5 ? new FaultPlan(FailAt: OrderSteps.InitiateShipment) : null);
                var handle = await OrderSagaClient.StartAsync(fixture.Client, input, taskQueue);
                orders.Add((handle.GetResultAsync(), handle.Id));
            }

            // Kill a worker when a third has finished and another at two thirds, each replaced by a new process.
            var all = flights.Select(f => (Task)f.Result).Concat(orders.Select(o => (Task)o.Result)).ToList();
            foreach (var (fraction, victim) in new[] { (1 / 3.0, 0), (2 / 3.0, 1) })
            {
                await WaitForFinishedAsync(all, (int)(all.Count * fraction), TimeSpan.FromMinutes(4));
                workers[victim].Kill();
                workers[victim].Dispose();
                workers[victim] = new WorkerProcess(fixture, taskQueue);
            }

            await Task.WhenAll(all).WaitAsync(TimeSpan.FromMinutes(5));

            var flightResults = flights.Select(f => (f.Result.Result, f.Id)).ToList();
            var orderResults = orders.Select(o => (o.Result.Result, o.Id)).ToList();
            flightResults.Should().OnlyContain(f => f.Result.Status == SagaStatus.Completed || f.Result.Status == SagaStatus.Compensated);
            orderResults.Should().OnlyContain(o => o.Result.Status == SagaStatus.Completed || o.Result.Status == SagaStatus.Compensated);
            flightResults.Count(f => f.Result.Status == SagaStatus.Compensated).Should().Be(Flights / 5);
            orderResults.Count(o => o.Result.Status == SagaStatus.Compensated).Should().Be(Orders / 10);

            await AssertFlightBooksAsync(flightId, flightResults);
            await AssertOrderBooksAsync(sku, orderResults);

            // And what an operator would run: starter verify over the shared database, every domain's invariants.
            var verify = await new CliHarness(fixture).RunAsync(["verify", "--json"]);
            verify.Exit.Should().Be(0, verify.Output + verify.Errors);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    private async Task SeedAsync(string flightId, string sku)
    {
        await using var db = fixture.Db();
        db.Flights().Add(new Flight { Id = flightId, Origin = "MWA", Destination = "MWB", DepartureUtc = DateTime.UtcNow.Date.AddDays(30) });
        db.FlightSeatInventory().Add(new FlightSeatInventory { FlightId = flightId, SeatClass = SeatClasses.Economy, SeatsAvailable = Seats, Capacity = Seats });
        db.InventoryItems().Add(new InventoryItem { Sku = sku, Name = "Multi-worker test item", Stock = Stock });
        await db.SaveChangesAsync();
    }

    private static async Task WaitForFinishedAsync(IReadOnlyList<Task> sagas, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (sagas.Count(t => t.IsCompleted) < count)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{count} sagas should have finished by now");
            await Task.Delay(200);
        }
    }

    private async Task AssertFlightBooksAsync(string flightId, IReadOnlyList<(FlightBookingResult Result, string Id)> sagas)
    {
        await using var db = fixture.Db();
        var completed = sagas.Count(s => s.Result.Status == SagaStatus.Completed);
        (await db.FlightSeatInventory().SingleAsync(i => i.FlightId == flightId)).SeatsAvailable.Should().Be(Seats - completed);
        (await db.Bookings().CountAsync(b => b.FlightId == flightId && b.Status == Booking.Confirmed)).Should().Be(completed);

        var payments = await db.Payments().Where(p => p.IdempotencyKey.StartsWith("flight-booking-mw-")).ToListAsync();
        var holds = await db.SeatHolds().Where(h => h.FlightId == flightId).ToListAsync();
        foreach (var (result, id) in sagas)
        {
            var prefix = id + "/";
            var charges = payments.Count(p => p.IdempotencyKey.StartsWith(prefix) && p.Kind == Payment.Charge);
            var refunds = payments.Count(p => p.IdempotencyKey.StartsWith(prefix) && p.Kind == Payment.Refund);
            holds.Count(h => h.IdempotencyKey.StartsWith(prefix)).Should().Be(1, $"{id} reserved its seat exactly once");
            if (result.Status == SagaStatus.Completed)
            {
                (charges, refunds).Should().Be((1, 0), $"{id} completed: one charge");
            }
            else
            {
                (charges - refunds).Should().Be(0, $"{id} compensated: every charge refunded");
                charges.Should().BeLessThanOrEqualTo(1, $"{id} was charged at most once");
            }
        }
    }

    private async Task AssertOrderBooksAsync(string sku, IReadOnlyList<(OrderFulfillmentResult Result, string Id)> sagas)
    {
        await using var db = fixture.Db();
        var completed = sagas.Count(s => s.Result.Status == SagaStatus.Completed);
        (await db.InventoryItems().SingleAsync(i => i.Sku == sku)).Stock.Should().Be(Stock - (2 * completed));
        var orderIds = sagas.Select(s => s.Result.OrderId).ToList();
        var reservations = await db.InventoryReservations().Where(r => orderIds.Contains(r.OrderId)).ToListAsync();
        reservations.GroupBy(r => r.OrderId).Should().OnlyContain(g => g.Count() == 1, "each order reserved once");
        (await db.Shipments().CountAsync(s => orderIds.Contains(s.OrderId) && s.Status != Shipment.Cancelled)).Should().Be(completed);
    }
}
