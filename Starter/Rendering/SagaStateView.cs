using Spectre.Console;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Rendering;

/// <summary>The saga ledger as tables: steps and compensations, then compensation results and reviews.</summary>
public static class SagaStateView
{
    public static void Write(IAnsiConsole console, SagaState state)
    {
        var header = $"[bold]{Markup.Escape(state.SagaId)}[/]  {Markup.Escape(state.SagaType)}  {StatusMarkup(state.Status)}";
        console.MarkupLine(header);
        var took = (state.FinishedUtc ?? DateTime.UtcNow) - state.StartedUtc;
        console.MarkupLine(
            $"[grey]started {state.StartedUtc.ToString("u", System.Globalization.CultureInfo.InvariantCulture)}, " +
            $"{(state.FinishedUtc is null ? "running for" : "took")} {SagaTimelineTable.Duration(took)}[/]");
        if (state.FailedStep is not null)
        {
            console.MarkupLine(StopLine(state));
        }

        console.Write(Ledger(state.Steps));
        if (state.Compensation is { } compensation)
        {
            var table = new Table().Title(
                $"compensations: {compensation.SuccessfulCompensations}/{compensation.TotalCompensations} succeeded")
                .AddColumns("step", "success", "attempts", "error");
            var resolvedBy = state.Status == SagaStatus.Resolved
                ? state.Reviews?.LastOrDefault(r => r.Action == ReviewAction.MarkResolved)
                : null;
            foreach (var result in compensation.Results)
            {
                table.AddRow(
                    Markup.Escape(result.Step),
                    result.Success ? "[green]yes[/]"
                        : resolvedBy is not null ? $"[red]no[/], [teal]resolved by hand by {Markup.Escape(resolvedBy.Operator)}[/]" : "[red]no[/]",
                    result.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(result.Error ?? string.Empty));
            }

            console.Write(table);
        }

        if (state.Reviews is { Count: > 0 } reviews)
        {
            var table = new Table().Title("reviews").AddColumns("decided (UTC)", "action", "operator", "note");
            foreach (var review in reviews)
            {
                table.AddRow(
                    Time(review.DecidedUtc), Markup.Escape(ReviewActionNames.Describe(review.Action, review.Step)),
                    Markup.Escape(review.Operator),
                    Markup.Escape(review.Note ?? string.Empty));
            }

            console.Write(table);
        }
    }

    // A cancel that arrived as the step finished leaves it Completed: "failed step" would contradict its row.
    private static string StopLine(SagaState state)
    {
        var step = $"[bold]{Markup.Escape(state.FailedStep!)}[/]";
        var row = state.Steps.LastOrDefault(s => s.Name == state.FailedStep && s.Kind != StepKind.Compensation);
        return state.Status == SagaStatus.Cancelled
            ? $"cancelled by a client {(row?.Status == StepStatus.Completed ? $"after {step} had completed" : $"during {step}")}"
            : $"failed step {step}: {Markup.Escape(state.Error ?? string.Empty)} [grey]{Markup.Escape(state.ErrorType ?? string.Empty)}[/]";
    }

    public static Table Ledger(IEnumerable<StepRecord> steps)
    {
        var table = new Table().AddColumns("step", "kind", "status", "attempt", "started (UTC)", "finished (UTC)", "error");
        foreach (var step in steps)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                step.Kind.ToString(),
                step.Outcome == StepOutcomes.Pivot ? $"{StepStatusMarkup(step.Status)} [teal](pivot)[/]" : StepStatusMarkup(step.Status),
                step.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Time(step.StartedUtc),
                step.FinishedUtc is { } finished ? Time(finished) : string.Empty,
                Markup.Escape(step.Error ?? string.Empty));
        }

        return table;
    }

    public static string StatusMarkup(SagaStatus status) => status switch
    {
        SagaStatus.Completed or SagaStatus.Resolved => $"[green]{status}[/]",
        SagaStatus.Compensated or SagaStatus.TimedOut or SagaStatus.Cancelled => $"[yellow]{status}[/]",
        SagaStatus.ManualReviewRequired or SagaStatus.Rejected => $"[red]{status}[/]",
        _ => $"[blue]{status}[/]",
    };

    private static string StepStatusMarkup(StepStatus status) => status switch
    {
        StepStatus.Completed => "[green]Completed[/]",
        StepStatus.Failed => "[red]Failed[/]",
        StepStatus.Skipped => "[grey]Skipped[/]",
        _ => "[blue]Running[/]",
    };

    private static string Time(DateTime utc) => utc.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
}
