using System.Globalization;
using Spectre.Console;
using TemporalSagas.Client;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

/// <summary>Writes a <see cref="SagaListing"/> page or the review inbox: a table, or JSON with --json.</summary>
public static class SagaListingView
{
    public static void Write(CliConsole console, SagaPage page, bool json, int limit)
    {
        if (json)
        {
            JsonOutput.Write(console, page.Sagas);
            return;
        }

        var table = new Table().AddColumns("workflow id", "saga type", "saga status", "failed step", "execution", "started (UTC)", "took");
        foreach (var saga in page.Sagas)
        {
            table.AddRow(
                Markup.Escape(saga.WorkflowId), Markup.Escape(saga.SagaType ?? saga.WorkflowType),
                Status(saga.SagaStatus), Markup.Escape(saga.FailedStep ?? string.Empty),
                saga.ExecutionStatus, Time(saga.StartedUtc),
                saga.ClosedUtc is { } closed ? Duration(closed - saga.StartedUtc) : $"[grey]{Duration(DateTime.UtcNow - saga.StartedUtc)} so far[/]");
        }

        console.Ansi.Write(table);
        WriteCount(console, page.Sagas.Count, page.More, limit, "saga(s), newest first");
    }

    public static void WriteInbox(CliConsole console, IReadOnlyList<ReviewWaiting> items, bool more, bool json, int limit)
    {
        if (json)
        {
            JsonOutput.Write(console, items);
            return;
        }

        var table = new Table().AddColumns("workflow id", "saga type", "waiting since (UTC)", "failed step", "failed compensation", "its error");
        foreach (var item in items)
        {
            var undo = item.FailedCompensations;
            table.AddRow(
                Markup.Escape(item.WorkflowId), Markup.Escape(item.SagaType),
                $"{Time(item.WaitingSinceUtc)} [grey]({Duration(DateTime.UtcNow - item.WaitingSinceUtc)})[/]",
                Markup.Escape(item.FailedStep ?? string.Empty),
                item.Step is { } stuck
                    ? $"[yellow]none: the step waits[/] ({stuck.Failure}{(stuck.PastPivot ? ", past the pivot" : string.Empty)})"
                    : Markup.Escape(string.Join(", ", undo.Select(u => $"{u.Step} ×{u.Attempts}"))),
                Markup.Escape(item.Step?.Error ?? string.Join("; ", undo.Select(u => u.Error).OfType<string>())));
        }

        console.Ansi.Write(table);
        WriteCount(console, items.Count, more, limit, "saga(s) waiting, longest first");
        if (items.Count > 0)
        {
            console.Ansi.MarkupLine(
                $"[grey]decide with: {StarterHelp.Name} review resolve <workflow id> --action retry|resolved|retry-step|skip|compensate --operator <you> --note \"...\"[/]");
        }
    }

    private static void WriteCount(CliConsole console, int count, bool more, int limit, string what) =>
        console.Ansi.MarkupLine(more
            ? $"[yellow]{count} {what}; more exist beyond --limit {limit} (up to {TemporalSagas.Client.Bounds.InputBounds.MaxLimit}, or narrow the query)[/]"
            : $"[grey]{count} {what}[/]");

    private static string Status(string? status) =>
        Enum.TryParse<SagaStatus>(status, out var parsed) ? SagaStateView.StatusMarkup(parsed) : Markup.Escape(status ?? string.Empty);

    private static string Time(DateTime utc) => utc.ToString("u", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{span.TotalSeconds:0.0} s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes} min {span.Seconds} s",
        { TotalHours: < 48 } => $"{(int)span.TotalHours} h {span.Minutes} min",
        _ => $"{(int)span.TotalDays} d {span.Hours} h",
    };
}
