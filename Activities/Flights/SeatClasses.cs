namespace TemporalSagas.Activities.Flights;

public static class SeatClasses
{
    public const string Economy = "economy";
    public const string Business = "business";
    public const string First = "first";

    public static readonly IReadOnlyList<string> All = [Economy, Business, First];
}
