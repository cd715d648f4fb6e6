using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>The review actions as the CLI and the console API spell them, and what is wrong with a decision before it
/// is sent, named by the field (or option) at fault.</summary>
public static class ReviewActionNames
{
    /// <summary>The short words, in the order the help lists them.</summary>
    public static readonly IReadOnlyList<(string Word, ReviewAction Action, string Meaning)> Words =
    [
        ("retry", ReviewAction.RetryCompensations, "run the failed compensations again"),
        ("resolved", ReviewAction.MarkResolved, "an operator fixed it by hand; the saga ends Resolved"),
        ("retry-step", ReviewAction.RetryStep, "run the stuck forward step again (same idempotency key)"),
        ("skip", ReviewAction.SkipCompensation, "one failed compensation (--step) was undone by hand (--note says how)"),
        ("compensate", ReviewAction.Compensate, "give up on the stuck forward step and compensate (not after the pivot)"),
    ];

    /// <summary>Every accepted spelling: the words, then the enum names.</summary>
    public static IReadOnlyList<string> All => [.. Words.Select(w => w.Word), .. Enum.GetNames<ReviewAction>()];

    public static string WordFor(ReviewAction action) => Words.First(w => w.Action == action).Word;

    /// <summary>A decision taken, as an operator reads it in tables and the timeline: "retry step INITIATE_SHIPMENT",
    /// "skip (undone by hand) RESERVE_SEAT", "marked resolved".</summary>
    public static string Describe(ReviewAction action, string? step = null)
    {
        var words = action switch
        {
            ReviewAction.RetryCompensations => "retry compensations",
            ReviewAction.MarkResolved => "marked resolved",
            ReviewAction.RetryStep => "retry step",
            ReviewAction.SkipCompensation => "skip (undone by hand)",
            ReviewAction.Compensate => "compensate",
            _ => action.ToString(),
        };
        return string.IsNullOrEmpty(step) ? words : $"{words} {step}";
    }

    /// <summary>The action <paramref name="text"/> names (a word or the enum's name), or null.</summary>
    public static ReviewAction? Parse(string? text)
    {
        foreach (var (word, action, _) in Words)
        {
            if (word == text || action.ToString() == text)
            {
                return action;
            }
        }

        return null;
    }

    /// <summary>What is wrong with <paramref name="decision"/> whatever the saga's state, with the field at fault
    /// (<c>operator</c>, <c>note</c> or <c>step</c>); null when nothing is.</summary>
    public static (string Field, string Problem)? Check(ReviewDecision decision)
    {
        if (decision.Step is { Length: > 0 } && decision.Action is not (ReviewAction.SkipCompensation or ReviewAction.RetryStep))
        {
            return ("step", $"only skip and retry-step name a step ({WordFor(decision.Action)} is about the whole saga)");
        }

        if (decision.Problem() is not { } problem)
        {
            return null;
        }

        var field = decision switch
        {
            _ when string.IsNullOrWhiteSpace(decision.Operator) || decision.Operator.Length > ReviewDecision.MaxOperatorLength => "operator",
            _ when decision.Note?.Length > ReviewDecision.MaxNoteLength => "note",
            _ when decision.Step?.Length > ReviewDecision.MaxStepLength => "step",
            { Action: ReviewAction.SkipCompensation, Step: null or "" } => "step",
            { Action: ReviewAction.SkipCompensation } => "note",
            _ => "action",
        };
        return (field, problem);
    }
}
