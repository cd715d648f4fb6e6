using System.Globalization;

namespace TemporalSagas.Client.Bounds;

/// <summary>Bounds on input before anything starts (CLI options, console fields): exit 2 / 400 naming the option or field.
/// No System.CommandLine here: the CLI's option wiring is <c>CliBounds</c> in the Starter.</summary>
public static class InputBounds
{
    public const int MaxIdLength = 64;
    public const int MaxLimit = 1000;
    public const int MaxTaskQueueLength = 200;

    /// <summary>A saga id the caller chooses: 1-64 of A-Z, a-z, 0-9, '.', '_', '-'.</summary>
    public static string SagaId(string option, string value) =>
        value.Length is > 0 and <= MaxIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? value
            : throw CliException.BadInput(
                $"{option} must be 1-{MaxIdLength} letters, digits, '.', '_' or '-' (got '{Shorten(value)}')", option);

    public static int Range(string option, int value, int min, int max) =>
        value >= min && value <= max
            ? value
            : throw CliException.BadInput($"{option} must be between {min} and {max} (got {value})", option);

    public static double Range(string option, double value, double min, double max) =>
        value >= min && value <= max
            ? value
            : throw CliException.BadInput($"{option} must be between {min} and {max} (got {value})", option);

    public static int Limit(string option, int value) => Range(option, value, 1, MaxLimit);

    public static string TaskQueue(string option, string value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= MaxTaskQueueLength
            ? value
            : throw CliException.BadInput($"{option} must be non-empty, at most {MaxTaskQueueLength} characters", option);

    /// <summary>A workflow id or saga id given as an argument: non-empty, bounded, printable.</summary>
    public static string LookupId(string name, string value) => SagaLookup.CheckId(name, value);

    /// <summary>
    /// A time an operator types, in ISO 8601 with its zone (Z or an offset) as the help asks: a time without one is
    /// refused rather than guessed.
    /// </summary>
    public static DateTime UtcTime(string option, string text)
    {
        var shown = Printable(text);
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            throw BadInput($"{option} must be an ISO 8601 time such as 2026-12-01T09:00Z (got '{shown}')", option);
        }

        return parsed.Kind == DateTimeKind.Unspecified
            ? throw BadInput($"{option} must name its zone: end it with Z for UTC or an offset such as +01:00 (got '{shown}')", option)
            : value.UtcDateTime;
    }

    /// <summary>Input as it may be echoed in a message: control characters (CR, LF, ESC, ...) escaped, never raw.</summary>
    public static string Printable(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return value;
        }

        var text = new System.Text.StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return text.ToString();
    }

    /// <summary>The option a problem is about: the option of the phrase found first in it (else <paramref name="fallback"/>).</summary>
    public static string? OptionOf(string problem, string? fallback, params (string Phrase, string Option)[] phrases) =>
        phrases
            .Select(p => (p.Option, At: problem.IndexOf(p.Phrase, StringComparison.Ordinal)))
            .Where(p => p.At >= 0)
            .OrderBy(p => p.At)
            .Select(p => p.Option)
            .FirstOrDefault() ?? fallback;

    private static CliException BadInput(string message, string option) => CliException.BadInput(message, option);

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
