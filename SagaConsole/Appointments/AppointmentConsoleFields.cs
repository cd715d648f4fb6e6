using TemporalSagas.Activities.Appointments;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;

namespace TemporalSagas.SagaConsole.Appointments;

/// <summary>What the appointment forms share: the staff offered, a free-looking default slot, times read as the CLI reads them.</summary>
internal static class AppointmentConsoleFields
{
    public static IReadOnlyList<string> Staff => [.. AppointmentDemoData.StaffHosts.Select(s => s.Id)];

    /// <summary>A start 30-330 days ahead at a whole hour between 08:00 and 16:00 UTC, new on each page load, so two
    /// tries of the form rarely meet in the calendar.</summary>
    public static DateTime DefaultStart() =>
        DateTime.UtcNow.Date.AddDays(30 + Random.Shared.Next(300)).AddHours(8 + Random.Shared.Next(9));

    public static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 time with its zone (as <c>--start</c>); otherwise a problem naming <paramref name="field"/>.</summary>
    public static DateTime Utc(string field, string text)
    {
        try
        {
            return InputBounds.UtcTime(field, text);
        }
        catch (CliException e)
        {
            throw ConsoleProblem.BadInput(field, e.Message);
        }
    }

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];
}
