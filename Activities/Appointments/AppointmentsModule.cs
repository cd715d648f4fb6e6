using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Appointments;

/// <summary>The appointment sagas' activities, the calendar they keep in step (Cal.com or simulated) and demo staff.</summary>
public sealed class AppointmentsModule : ISagaModule
{
    public IReadOnlyList<Type> ActivityTypes { get; } = [typeof(AppointmentActivities), typeof(CalendarActivities)];

    public void AddServices(IServiceCollection services)
    {
        services.AddCalendar();
        foreach (var type in ActivityTypes)
        {
            services.AddScoped(type);
        }
    }

    public Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken) => AppointmentDemoData.SeedAsync(db, cancellationToken);
}
