using TemporalSagas.Activities.Seats;

namespace TemporalSagas.Load.Seats;

public sealed class SeatLoadModule : ISagaLoadModule
{
    public int Position => 2;

    public LoadSagaKind Kind { get; } = new(
        "seat",
        SeatSteps.FaultSteps,
        LocalSteps: false,
        (services, settings) => new SeatBaselineProfile(services, settings),
        SeatLoadProfile.TopUpAsync,
        a => new SeatLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart),
        a => new SeatOpenProfile(a.Client, a.TaskQueue, a.EagerStart));
}
