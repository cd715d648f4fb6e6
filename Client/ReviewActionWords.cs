using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>The words an operator reads for a review decision, in the CLI's tables and the saga's timeline.</summary>
public static class ReviewActionWords
{
    /// <summary>"retry step INITIATE_SHIPMENT", "skip compensation COMPENSATE_RESERVE_SEAT", "marked resolved", ...</summary>
    public static string Of(ReviewAction action, string? step = null)
    {
        var words = action switch
        {
            ReviewAction.RetryCompensations => "retry compensations",
            ReviewAction.MarkResolved => "marked resolved",
            ReviewAction.RetryStep => "retry step",
            ReviewAction.SkipCompensation => "skip compensation",
            ReviewAction.Compensate => "compensate",
            _ => action.ToString(),
        };
        return string.IsNullOrEmpty(step) ? words : $"{words} {step}";
    }
}
