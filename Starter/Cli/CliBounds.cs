namespace TemporalSagas.Starter.Cli;

/// <summary>Bounds every command applies to its options before it starts anything: exit 2 naming the option.</summary>
public static class CliBounds
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
    public static string LookupId(string name, string value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 255 && !value.Any(char.IsControl)
            ? value
            : throw CliException.BadInput($"{name} must be a workflow id or saga id of 1-255 printable characters", name);

    private static string Shorten(string value) => value.Length <= 20 ? value : value[..20] + "…";
}
