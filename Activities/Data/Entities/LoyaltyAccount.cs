namespace TemporalSagas.Activities.Data.Entities;

public class LoyaltyAccount
{
    public required string UserId { get; set; }

    public int PointsBalance { get; set; }
}
