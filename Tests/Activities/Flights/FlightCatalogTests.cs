using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Flights;

public sealed class FlightCatalogTests : IAsyncLifetime
{
    private TestDatabase db = null!;
    private AsyncServiceScope scope;

    private FlightCatalog Catalog => scope.ServiceProvider.GetRequiredService<FlightCatalog>();

    public async Task InitializeAsync()
    {
        db = await TestDatabase.CreateAsync();
        scope = db.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await db.DisposeAsync();
    }

    [Fact]
    public async Task FindFlightAsync_KnownFlight_ReturnsRouteAndSeatClasses()
    {
        var flight = await Catalog.FindFlightAsync(FlightDemoData.LastSeatFlight);

        flight.Should().NotBeNull();
        flight!.Origin.Should().Be("DXB");
        flight.DepartureUtc.Kind.Should().Be(DateTimeKind.Utc);
        flight.SeatClasses.Select(c => c.SeatClass).Should().Equal(SeatClasses.All);
        flight.SeatClass(SeatClasses.Economy)!.SeatsAvailable.Should().Be(1);
    }

    [Fact]
    public async Task FindFlightAsync_UnknownFlight_ReturnsNull()
    {
        (await Catalog.FindFlightAsync("TS999")).Should().BeNull();
    }

    [Fact]
    public async Task ListFlightsAsync_SeededDatabase_ListsTheDemoFlightsInOrder()
    {
        var flights = await Catalog.ListFlightsAsync();

        flights.Select(f => f.Id).Should().Equal("TS100", "TS101", "TS102", "TS103", "TS104", "TS105");
    }

    [Fact]
    public async Task FindLoyaltyBalanceAsync_KnownAndUnknownUsers_ReturnBalanceOrNull()
    {
        (await Catalog.FindLoyaltyBalanceAsync("bob")).Should().Be(1_000);
        (await Catalog.FindLoyaltyBalanceAsync("mallory")).Should().BeNull();
    }
}
