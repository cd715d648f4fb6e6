using System.Text.RegularExpressions;

namespace TemporalSagas.Worker.Tracing;

/// <summary>
/// The saga step an activity runs for, read from the summary the engine gives every step's activity
/// (<c>RESERVE_SEAT: …</c>, <c>COMPENSATE_RESERVE_SEAT</c>, <c>CHECK_RESERVE_SEAT</c>): tracing needs no change to the
/// workflows. An activity scheduled outside a step (an input check) has no step.
/// </summary>
internal sealed partial record StepName(string Step, string Kind)
{
    public const string Action = "action";
    public const string Compensation = "compensation";
    public const string Check = "check";

    public static StepName? FromSummary(string? summary)
    {
        if (summary is null)
        {
            return null;
        }

        var head = summary.Split(':', 2)[0].Trim();
        if (!StepPattern().IsMatch(head))
        {
            return null;
        }

        var kind = head.StartsWith("COMPENSATE_", StringComparison.Ordinal) ? Compensation
            : head.StartsWith("CHECK_", StringComparison.Ordinal) ? Check
            : Action;
        return new StepName(head, kind);
    }

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex StepPattern();
}
