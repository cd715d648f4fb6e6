using System.Globalization;
using Spectre.Console;
using TemporalSagas.Load;
using TemporalSagas.Load.Dirty;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.LoadViews;

/// <summary>A dirty scenario's report as a table: counters, each timed call's percentiles, problems, violations.</summary>
public static class DirtyReportView
{
    public static void Write(CliConsole console, DirtyReport report)
    {
        var table = new Table().AddColumns("counter", "value");
        foreach (var (name, value) in report.Counters)
        {
            table.AddRow(name, value.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (call, figures) in report.LatenciesMs)
        {
            table.AddRow($"{Markup.Escape(call)} duration p50/p95/p99 (ms)", Figures(figures));
        }

        table.AddRow("wall time (s)", report.WallSeconds.ToString(CultureInfo.InvariantCulture));
        console.Ansi.MarkupLine($"[bold]{report.Scenario}[/]: {report.Sagas} saga(s)");
        console.Ansi.Write(table);
        foreach (var problem in report.Problems)
        {
            console.Ansi.MarkupLine($"[red]problem[/]: {Markup.Escape(problem)}");
        }

        foreach (var v in report.Violations)
        {
            console.Ansi.MarkupLine($"[red]invariant[/] {Markup.Escape(v.Domain)}/{Markup.Escape(v.Invariant)} {Markup.Escape(v.Subject)}: {Markup.Escape(v.Detail)}");
        }

        console.Ansi.MarkupLine(report.Ok ? "[green]ok[/]: every promise kept, verify clean" : "[red]FAILED[/]");
    }

    private static string Figures(LatencyFigures f) => FormattableString.Invariant($"{f.P50:0} / {f.P95:0} / {f.P99:0}");
}
