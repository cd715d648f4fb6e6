using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;

namespace TemporalSagas.Starter.Cli;

/// <summary>Bounds every command applies to its options before it starts anything: exit 2 naming the option. The pure
/// checks are <see cref="InputBounds"/> (shared with the saga console); this adds the System.CommandLine wiring.</summary>
public static class CliBounds
{
    public const int MaxIdLength = InputBounds.MaxIdLength;
    public const int MaxLimit = InputBounds.MaxLimit;
    public const int MaxTaskQueueLength = InputBounds.MaxTaskQueueLength;

    /// <inheritdoc cref="InputBounds.SagaId"/>
    public static string SagaId(string option, string value) => InputBounds.SagaId(option, value);

    public static int Range(string option, int value, int min, int max) => InputBounds.Range(option, value, min, max);

    public static double Range(string option, double value, double min, double max) => InputBounds.Range(option, value, min, max);

    public static int Limit(string option, int value) => InputBounds.Limit(option, value);

    public static string TaskQueue(string option, string value) => InputBounds.TaskQueue(option, value);

    /// <inheritdoc cref="InputBounds.LookupId"/>
    public static string LookupId(string name, string value) => InputBounds.LookupId(name, value);

    /// <summary>Refuses (exit 2, naming the option) a value outside [<paramref name="min"/>, <paramref name="max"/>]; NaN and
    /// infinities are refused for every number option by <see cref="NonFinite"/>.</summary>
    public static Option<T> Within<T>(this Option<T> option, double min, double max)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<T>() is { } value
                && Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && !(number >= min && number <= max))
            {
                result.AddError($"{option.Name} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)} " +
                    $"(got {Convert.ToString(value, CultureInfo.InvariantCulture)})");
            }
        });
        return option;
    }

    /// <summary>The first number option given NaN or an infinity (System.CommandLine parses them as doubles), if any.</summary>
    public static CliException? NonFinite(ParseResult parse)
    {
        for (var command = parse.CommandResult; command is not null; command = command.Parent as CommandResult)
        {
            foreach (var option in command.Children.OfType<OptionResult>())
            {
                var type = Nullable.GetUnderlyingType(option.Option.ValueType) ?? option.Option.ValueType;
                if (type != typeof(double) && type != typeof(float))
                {
                    continue;
                }

                foreach (var token in option.Tokens)
                {
                    if (double.TryParse(token.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !double.IsFinite(number))
                    {
                        return BadInput($"{option.Option.Name} must be a finite number (got {Printable(token.Value)})", option.Option.Name);
                    }
                }
            }
        }

        return null;
    }

    /// <inheritdoc cref="InputBounds.UtcTime"/>
    public static DateTime UtcTime(string option, string text) => InputBounds.UtcTime(option, text);

    /// <inheritdoc cref="InputBounds.Printable"/>
    public static string Printable(string value) => InputBounds.Printable(value);

    /// <inheritdoc cref="InputBounds.OptionOf"/>
    public static string? OptionOf(string problem, string? fallback, params (string Phrase, string Option)[] phrases) =>
        InputBounds.OptionOf(problem, fallback, phrases);

    private static CliException BadInput(string message, string option) => CliException.BadInput(message, option);
}
