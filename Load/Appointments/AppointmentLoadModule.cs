namespace TemporalSagas.Load.Appointments;

public sealed class AppointmentLoadModule : ISagaLoadModule
{
    public int Position => 3;

    // The simulated calendar's seeded hosts are all an appointment needs; each saga brings its own customer and slot.
    public LoadSagaKind Kind { get; } = new(
        "appointment",
        AppointmentLoadProfile.FailSteps,
        LocalSteps: false,
        (services, settings) => new AppointmentBaselineProfile(services, settings),
        LoadSagaKinds.NothingToTopUpAsync,
        a => new AppointmentLoadProfile(a.Client, a.TaskQueue, a.Settings, a.EagerStart));
}
