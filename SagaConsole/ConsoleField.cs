namespace TemporalSagas.SagaConsole;

/// <summary>One input of a saga's test form; <paramref name="Name"/> is the JSON field the API reads.</summary>
/// <param name="Kind"><c>text</c>, <c>textarea</c>, <c>number</c>, <c>select</c> or <c>checkbox</c>.</param>
/// <param name="Choices">A select's values; for a text field, values offered (others may be typed: the check against the
/// data refuses an unknown one, naming the field).</param>
public sealed record ConsoleField(
    string Name, string Label, string Kind, object? Default = null, IReadOnlyList<string>? Choices = null, string? Hint = null);
