using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Load.Flights;

/// <summary>
/// The seeded demo data has 150 economy seats a flight and 50,000 points: too few for hundreds of sagas. A load
/// run tops up the database it created itself (never a shared one), so no saga fails for want of seats; the
/// capacity grows by the seats added, so <c>starter verify</c> still balances.
/// </summary>
public static class FlightLoadData
{
    public static async Task TopUpAsync(IServiceProvider services, int sagas, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SagasDbContext>();
        var flights = FlightLoadProfile.Flights.ToList();
        await db.FlightSeatInventory()
            .Where(i => flights.Contains(i.FlightId) && i.SeatClass == SeatClasses.Economy && i.SeatsAvailable < sagas)
            .ExecuteUpdateAsync(
                s => s.SetProperty(i => i.Capacity, i => i.Capacity + sagas - i.SeatsAvailable).SetProperty(i => i.SeatsAvailable, sagas),
                cancellationToken);
        var points = sagas * FlightLoadProfile.PointsPerSaga;
        await db.LoyaltyAccounts()
            .Where(a => a.UserId == FlightLoadProfile.User && a.PointsBalance < points)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.PointsBalance, points), cancellationToken);
    }
}
