namespace TemporalSagas.Workflows.Appointments;

/// <summary>Format checks the appointment inputs share.</summary>
internal static class AppointmentInputChecks
{
    public const int MaxIdLength = 64;
    public const int MaxEmailLength = 254;
    public const int MaxNameLength = 200;
    public const int MinLengthMinutes = 5;
    public const int MaxLengthMinutes = 8 * 60;

    public static void Id(List<string> problems, string field, string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"{field} must be 1-{MaxIdLength} letters, digits, '-', '_' or '.' (got '{Truncate(id ?? string.Empty)}')");
        }
    }

    public static void Customer(List<string> problems, string? email, string? name)
    {
        var at = email?.IndexOf('@') ?? -1;
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxEmailLength || at < 1 || at == email.Length - 1 || email.Contains(' ', StringComparison.Ordinal))
        {
            problems.Add($"customer email must be an e-mail address (got '{Truncate(email ?? string.Empty)}')");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength)
        {
            problems.Add($"customer name is required, at most {MaxNameLength} characters");
        }
    }

    public static void Time(List<string> problems, string field, DateTime start, DateTime? notBefore)
    {
        if (start.Kind != DateTimeKind.Utc)
        {
            problems.Add($"{field} must be in UTC (end it with Z)");
        }
        else if (notBefore is { } now && start < now)
        {
            problems.Add($"{field} {start:u} is in the past");
        }
    }

    public static string Truncate(string value) => value.Length <= 30 ? value : value[..30] + "…";
}
