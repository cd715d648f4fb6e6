namespace TemporalSagas.Activities.Flights.Data;

public class LoyaltyAccount
{
    public required string UserId { get; set; }

    public int PointsBalance { get; set; }
}
