using System.Text;

namespace TemporalSagas.Workflows.Saga;

/// <summary>Renders the saga log as markdown for the Web UI's "current details" panel.</summary>
internal static class SagaDetails
{
    public static string Markdown(string sagaType, SagaStatus status, IReadOnlyList<StepRecord> log)
    {
        var text = new StringBuilder()
            .Append("**").Append(sagaType).Append("** saga — ").Append(status).AppendLine()
            .AppendLine()
            .AppendLine("| step | status | attempt | error |")
            .AppendLine("|---|---|---|---|");
        foreach (var step in log)
        {
            text.Append("| ").Append(step.Name)
                .Append(" | ").Append(step.Status)
                .Append(" | ").Append(step.Attempt)
                .Append(" | ").Append(step.Error?.Replace('|', '/'))
                .AppendLine(" |");
        }

        return text.ToString();
    }
}
