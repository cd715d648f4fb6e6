namespace TemporalSagas.Load.Appointments;

public sealed class CompositeLoadModule : ISagaLoadModule
{
    public int Position => 4;

    // Like the appointment: the simulated calendar's seeded hosts are all a composite booking needs.
    public LoadSagaKind Kind { get; } = new(
        "composite",
        CompositeLoadProfile.FailSteps,
        LocalSteps: false,
        (services, settings) => new CompositeBaselineProfile(services, settings),
        LoadSagaKinds.NothingToTopUpAsync,
        a => new CompositeLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart));
}
