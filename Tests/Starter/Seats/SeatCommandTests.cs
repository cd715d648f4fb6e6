using System.Text.Json;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client;
using TemporalSagas.Tests.EndToEnd;

namespace TemporalSagas.Tests.Starter.Seats;

/// <summary>The <c>seats</c> commands against the dev server and the real worker: the path a user types.</summary>
[Collection(DevServerCollection.Name)]
public class SeatCommandTests(DevServerFixture fixture)
{
    [Fact]
    public async Task Seats_ReserveShowConfirmThenRelease_HeldConfirmedAndReleaseRefused()
    {
        var cli = new CliHarness(fixture);
        var key = cli.Id("seats");
        string[] server = [.. cli.Server(), "--json"];

        var reserved = await cli.RunAsync(["seats", "reserve", "--zone", "vip", "--qty", "2", "--key", key, "--task-queue", fixture.TaskQueue, .. server]);
        var again = await cli.RunAsync(["seats", "reserve", "--zone", "VIP", "--qty", "2", "--key", key, "--task-queue", fixture.TaskQueue, .. server]);
        var shown = await cli.RunAsync(["seats", "show", key, .. server]);
        var confirmed = await cli.RunAsync(["seats", "confirm", $"seat-reservation-{key}", .. server]);
        var released = await cli.RunAsync(["seats", "release", key, .. server]);
        var zones = await cli.RunAsync(["seats", "zones", "--json"]);

        reserved.Exit.Should().Be(ExitCodes.Success, reserved.Output + reserved.Errors);
        Field(reserved, "status").Should().Be("Held");
        Field(again, "bookingId").Should().Be(Field(reserved, "bookingId"), "the same key is the same booking");
        Field(shown, "status").Should().Be("Held");
        confirmed.Exit.Should().Be(ExitCodes.Success, confirmed.Output + confirmed.Errors);
        Field(confirmed, "status").Should().Be("Confirmed");
        released.Exit.Should().Be(ExitCodes.SagaFailed);
        released.JsonError().GetProperty("type").GetString().Should().Be(SeatErrors.ReservationNotFound);
        using var json = JsonDocument.Parse(zones.Output);
        json.RootElement.EnumerateArray().Should().Contain(z => z.GetProperty("id").GetString() == SeatDemoData.Vip && z.GetProperty("confirmed").GetInt32() >= 2);
    }

    [Fact]
    public async Task SeatsReserve_LastSeatTaken_ExitsOneWithInsufficientSeats()
    {
        var cli = new CliHarness(fixture);
        // A one-seat zone of this test's own: the demo's LAST-SEAT zone is shared with every other test of the collection.
        var zone = $"LAST-{Guid.NewGuid():N}"[..20].ToUpperInvariant();
        await using (var db = fixture.Db())
        {
            await SeatDemoData.AddZoneAsync(db, zone, 1);
        }

        string[] args = ["seats", "reserve", "--zone", zone, "--qty", "1", "--task-queue", fixture.TaskQueue, .. cli.Server(), "--json"];

        var first = await cli.RunAsync([.. args, "--key", cli.Id("last-1")]);
        var second = await cli.RunAsync([.. args, "--key", cli.Id("last-2")]);
        await cli.RunAsync(["seats", "release", cli.Id("last-1"), .. cli.Server()]);

        first.Exit.Should().Be(ExitCodes.Success, first.Output + first.Errors);
        second.Exit.Should().Be(ExitCodes.SagaFailed);
        Field(second, "errorType").Should().Be(SeatErrors.InsufficientSeats);
    }

    private static string? Field(CliRun run, string name)
    {
        using var json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty(name).GetString();
    }
}
