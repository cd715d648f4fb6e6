using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom.Data;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Workflows.Appointments;

namespace TemporalSagas.Tests.EndToEnd.Appointments;

/// <summary>Helpers the appointment end-to-end tests share: inputs far enough apart in the calendar, state reads, verify.</summary>
internal static class AppointmentE2E
{
    public static readonly TimeSpan SagaTimeout = TimeSpan.FromSeconds(90);

    private static int slot;

    /// <summary>A slot no other test uses: each call moves an hour on, starting a year ahead.</summary>
    public static DateTime NextSlot() =>
        DateTime.UtcNow.Date.AddDays(365 + Random.Shared.Next(0, 2000)).AddHours(8 + (Interlocked.Increment(ref slot) % 8));

    public static AppointmentCreationInput Creation(DateTime? start = null) =>
        new($"e2e-{Guid.NewGuid():N}"[..20], $"{Guid.NewGuid():N}@e2e.example", "E2E Customer", start ?? NextSlot());

    public static async Task<Appointment?> AppointmentAsync(SagasDbContext db, string id) =>
        await db.Appointments().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id);

    public static async Task<List<SimulatedCalendarBooking>> BookingsForAsync(SagasDbContext db, string email) =>
        await db.CalendarBookings().AsNoTracking().Where(b => b.AttendeeEmail == email).OrderBy(b => b.Id).ToListAsync();

    public static async Task<List<string>> AuditAsync(SagasDbContext db, string appointmentId) =>
        await db.AppointmentAudit().AsNoTracking().Where(a => a.AppointmentId == appointmentId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();

    /// <summary>The appointment invariant check (what <c>appointment verify</c> runs) over the given database, its
    /// violations about <paramref name="subjects"/> (appointment ids and booking uids) only: other tests share it.</summary>
    public static Task<IReadOnlyList<InvariantViolation>> VerifyAsync(DatabaseSettings database, params string[] subjects) =>
        VerifyAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sagas"] = database.ConnectionString,
                [DatabaseSettings.ProviderSetting] = database.Provider.ToString(),
            },
            subjects);

    /// <param name="settings">The worker's configuration (<c>ConnectionStrings:Sagas</c>, and <c>Calcom:*</c> for Cal.com).</param>
    public static async Task<IReadOnlyList<InvariantViolation>> VerifyAsync(Dictionary<string, string?> settings, params string[] subjects)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSagaActivities(configuration).BuildServiceProvider();
        await using var db = SagaDatabase.Open(SagaDatabase.Settings(configuration));
        var violations = await new AppointmentInvariantCheck().CheckAsync(db, services, default);
        return [.. violations.Where(v => subjects.Contains(v.Subject))];
    }
}
