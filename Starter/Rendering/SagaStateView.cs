using Spectre.Console;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Rendering;

/// <summary>The saga ledger as tables: steps and compensations, then compensation results and reviews.</summary>
public static class SagaStateView
{
    public static void Write(IAnsiConsole console, SagaState state)
    {
        var header = $"[bold]{Markup.Escape(state.SagaId)}[/]  {Markup.Escape(state.SagaType)}  {StatusMarkup(state.Status)}";
        console.MarkupLine(header);
        if (state.FailedStep is not null)
        {
            console.MarkupLine(
                $"failed step [bold]{Markup.Escape(state.FailedStep)}[/]: {Markup.Escape(state.Error ?? string.Empty)} " +
                $"[grey]{Markup.Escape(state.ErrorType ?? string.Empty)}[/]");
        }

        console.Write(Ledger(state.Steps));
        if (state.Compensation is { } compensation)
        {
            var table = new Table().Title(
                $"compensations: {compensation.SuccessfulCompensations}/{compensation.TotalCompensations} succeeded")
                .AddColumns("step", "success", "attempts", "error");
            foreach (var result in compensation.Results)
            {
                table.AddRow(
                    Markup.Escape(result.Step),
                    result.Success ? "[green]yes[/]" : "[red]no[/]",
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
                    Time(review.DecidedUtc), review.Action.ToString(), Markup.Escape(review.Operator),
                    Markup.Escape(review.Note ?? string.Empty));
            }

            console.Write(table);
        }
    }

    public static Table Ledger(IEnumerable<StepRecord> steps)
    {
        var table = new Table().AddColumns("step", "kind", "status", "attempt", "started (UTC)", "finished (UTC)", "error");
        foreach (var step in steps)
        {
            table.AddRow(
                Markup.Escape(step.Name),
                step.Kind.ToString(),
                StepStatusMarkup(step.Status),
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
