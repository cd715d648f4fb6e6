using System.Text;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// Renders the saga for the Web UI's "current details" panel: first the outcome in words (a compensated saga reads
/// "Compensated" there even though Temporal shows it Completed), then the saga log as a table.
/// </summary>
internal static class SagaDetails
{
    public static string Markdown(
        string sagaType, SagaStatus status, IReadOnlyList<StepRecord> log, string? failedStep = null, string? error = null)
    {
        var text = new StringBuilder()
            .Append("**").Append(sagaType).Append("** saga — **").Append(status).Append("**: ").Append(Outcome(status))
            .AppendLine();
        if (failedStep is not null || error is not null)
        {
            text.AppendLine().Append("Failed at `").Append(failedStep ?? "none").Append("`: ").Append(Cell(error)).AppendLine();
        }

        text.AppendLine()
            .AppendLine("| step | kind | status | attempt | outcome | error |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var step in log)
        {
            text.Append("| ").Append(step.Name)
                .Append(" | ").Append(step.Kind)
                .Append(" | ").Append(step.Status)
                .Append(" | ").Append(step.Attempt)
                .Append(" | ").Append(step.Outcome)
                .Append(" | ").Append(Cell(step.Error))
                .AppendLine(" |");
        }

        return text.ToString();
    }

    private static string Outcome(SagaStatus status) => status switch
    {
        SagaStatus.Running => "steps in progress",
        SagaStatus.Completed => "every step succeeded",
        SagaStatus.Compensating => "a step failed; undoing the completed steps",
        SagaStatus.Compensated => "a step failed and every completed step was undone",
        SagaStatus.ManualReviewRequired => "a compensation failed; waiting for an operator (update ResolveManualReview)",
        SagaStatus.Resolved => "an operator resolved the failed compensations",
        SagaStatus.TimedOut => "the saga deadline passed; completed steps were undone",
        SagaStatus.Cancelled => "cancelled; completed steps were undone",
        SagaStatus.Rejected => "invalid input; no step ran",
        _ => status.ToString(),
    };

    private static string? Cell(string? text) => text?.Replace('|', '/').ReplaceLineEndings(" ");
}
