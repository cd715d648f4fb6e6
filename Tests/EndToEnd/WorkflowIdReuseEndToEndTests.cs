using Microsoft.EntityFrameworkCore;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalSagas.Activities.Flights.Data;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Tests.EndToEnd;

[Collection(DevServerCollection.Name)]
public class WorkflowIdReuseEndToEndTests(DevServerFixture fixture)
{
    [Fact]
    public async Task RunAsync_SameWorkflowIdAfterTheFirstRunClosed_BooksForTheNewUserWithoutReplayingTheFirstRun()
    {
        var id = FlightBookingWorkflow.WorkflowId($"reuse-{Guid.NewGuid():N}");
        var firstInput = new FlightBookingInput("TS100", "alice", 1, "economy", 300m);
        var secondInput = new FlightBookingInput("TS101", "bob", 2, "business", 700m);
        var bobBefore = await FlightBooks.ReadAsync(fixture, secondInput);

        var first = await fixture.StartFlightAsync(firstInput, id);
        var firstResult = await first.GetResultAsync();
        var second = await fixture.Client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(secondInput),
            new WorkflowOptions(id, fixture.TaskQueue) { IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate });
        var secondResult = await second.GetResultAsync();

        firstResult.Success.Should().BeTrue();
        secondResult.Success.Should().BeTrue();
        secondResult.BookingReference.Should().NotBe(firstResult.BookingReference);
        second.ResultRunId.Should().NotBe(first.ResultRunId);

        await using var db = fixture.Db();
        foreach (var (runId, input) in new[] { (first.ResultRunId!, firstInput), (second.ResultRunId!, secondInput) })
        {
            var scope = $"{id}/{runId}/";
            (await db.SeatHolds().Where(h => h.IdempotencyKey.StartsWith(scope)).ToListAsync())
                .Should().ContainSingle().Which.Should().BeEquivalentTo(new { input.FlightId, input.SeatClass, Seats = input.Passengers });
            (await db.Payments().Where(p => p.IdempotencyKey.StartsWith(scope)).ToListAsync())
                .Should().ContainSingle().Which.Should().BeEquivalentTo(new { input.UserId, Amount = input.TotalFare, Kind = Payment.Charge });
            (await db.Bookings().Where(b => b.IdempotencyKey.StartsWith(scope)).ToListAsync())
                .Should().ContainSingle().Which.Should().BeEquivalentTo(new { input.UserId, input.FlightId });
        }

        var bobAfter = await FlightBooks.ReadAsync(fixture, secondInput);
        bobAfter.Should().Be(bobBefore with
        {
            Seats = bobBefore.Seats - 2,
            NetPaid = bobBefore.NetPaid + 700m,
            ConfirmedBookings = bobBefore.ConfirmedBookings + 1,
        });
    }
}
