using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Tests.Activities.Flights;

public sealed class CheckBookingTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task CheckBookingAsync_KnownFlightSeatClassAndUser_FindsNoProblem()
    {
        var problems = await db.RunAsync(a => a.CheckBookingAsync(new("TS100", SeatClasses.Economy, "alice")));

        problems.Should().BeEmpty();
    }

    [Theory]
    [InlineData("TS999", "economy", "alice", "flight id: unknown flight 'TS999'")]
    [InlineData("TS100", "premium", "alice", "seat class: flight TS100 has no premium seats")]
    [InlineData("TS100", "economy", "mallory", "user id: no account for user 'mallory'")]
    public async Task CheckBookingAsync_UnknownFlightSeatClassOrUser_NamesTheField(
        string flightId, string seatClass, string userId, string problem)
    {
        var problems = await db.RunAsync(a => a.CheckBookingAsync(new(flightId, seatClass, userId)));

        problems.Should().Equal(problem);
    }

    [Fact]
    public async Task CheckBookingAsync_UnknownFlightAndUser_ReportsBothAndWritesNothing()
    {
        var problems = await db.RunAsync(a => a.CheckBookingAsync(new("TS999", SeatClasses.Economy, "mallory")));

        problems.Should().HaveCount(2);
        (await db.IdempotencyRecordCountAsync()).Should().Be(0);
    }
}
