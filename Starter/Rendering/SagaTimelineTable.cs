using System.Globalization;
using Spectre.Console;
using TemporalSagas.Client;

namespace TemporalSagas.Starter.Rendering;

/// <summary><c>saga status</c>'s timeline: each activity run, timer and wait from the history, with when it started
/// (from the saga's start), how long it took, its attempts and the last error: the retries the ledger does not show.</summary>
public static class SagaTimelineTable
{
    public static Table Create(SagaTimelineView timeline)
    {
        var table = new Table().Title("timeline (from the history)")
            .AddColumns("at", "kind", "step", "took", "attempts", "outcome", "last error");
        table.Columns[0].RightAligned();
        table.Columns[3].RightAligned();
        table.Columns[4].RightAligned();
        foreach (var row in Rows(timeline))
        {
            if (row.Status is null)
            {
                // A mark: a decision, a cancel request.
                table.AddRow(
                    $"+{Duration(row.StartedUtc - timeline.StartUtc)}", row.Kind, $"[teal]{Markup.Escape(row.Step)}[/]",
                    string.Empty, string.Empty, string.Empty, string.Empty);
                continue;
            }

            var took = row.FinishedUtc is { } end
                ? Duration(end - row.StartedUtc)
                : $"[grey]{Duration(timeline.NowUtc - row.StartedUtc)} so far[/]";
            table.AddRow(
                $"+{Duration(row.StartedUtc - timeline.StartUtc)}",
                row.Kind,
                row.FailedTheSaga ? $"[bold red]{Markup.Escape(row.Step)} ✕[/]" : Markup.Escape(row.Step),
                took,
                row.Attempts switch
                {
                    null or 0 => string.Empty,
                    1 => "1",
                    var n => $"[yellow]{n.Value.ToString(CultureInfo.InvariantCulture)}[/]",
                },
                Outcome(row.Status),
                Markup.Escape(row.Error ?? string.Empty));
        }

        return table;
    }

    /// <summary>The table's rows as data (<c>saga status --json</c>'s <c>timeline</c>): spans and marks (decisions,
    /// cancel requests) in the order they happened, as the table lists them.</summary>
    public static IReadOnlyList<TimelineRow> Rows(SagaTimelineView timeline) =>
    [
        .. timeline.Spans.Select(span => new TimelineRow(
                (span.StartUtc - timeline.StartUtc).TotalSeconds, span.Kind, span.Name, span.Outcome, span.Attempts,
                span.Seconds, span.LastError, span.StartUtc, span.EndUtc, span.Failure))
            .Concat(timeline.Marks.Select(mark => new TimelineRow(
                (mark.AtUtc - timeline.StartUtc).TotalSeconds, mark.Kind, mark.Text, null, null, null, null, mark.AtUtc, null, false)))
            .OrderBy(row => row.StartedUtc),
    ];

    /// <summary>Where the saga stands while it runs: what moves it on.</summary>
    public static string? Hint(SagaTimelineView timeline) =>
        timeline.Accepts is { Count: > 0 } accepts && timeline.EndUtc is null
            ? $"[grey]it moves on with: {Markup.Escape(string.Join("; ", accepts))}[/]"
            : null;

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMilliseconds: < 1000 } => $"{Math.Max(0, span.TotalMilliseconds):0} ms",
        { TotalSeconds: < 60 } => $"{span.TotalSeconds:0.0} s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        { TotalHours: < 48 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };

    private static string Outcome(string outcome) => outcome switch
    {
        SpanOutcomes.Completed or SpanOutcomes.Fired or SpanOutcomes.Decided => $"[green]{outcome}[/]",
        SpanOutcomes.Failed or SpanOutcomes.TimedOut => $"[red]{outcome}[/]",
        SpanOutcomes.Running => $"[blue]{outcome}[/]",
        _ => $"[grey]{outcome}[/]",
    };
}
