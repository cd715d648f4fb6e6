using TemporalSagas.Activities.Flights;

namespace TemporalSagas.Load.Flights;

/// <summary>Flight bookings under load: the default kind.</summary>
public sealed class FlightLoadModule : ISagaLoadModule
{
    public int Position => 0;

    public LoadSagaKind Kind { get; } = new(
        "flight",
        FlightSteps.All,
        LocalSteps: true,
        (services, settings) => new FlightBaselineProfile(services, settings),
        FlightLoadData.TopUpAsync,
        a => new FlightLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart));
}
