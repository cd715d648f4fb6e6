using System.Globalization;
using Spectre.Console;
using TemporalSagas.Load;

namespace TemporalSagas.Starter.LoadViews;

/// <summary>A load report as a two-column table, or two reports side by side with Temporal's overhead.</summary>
public static class LoadReportView
{
    public static void Write(IAnsiConsole console, LoadReport report)
    {
        var table = new Table().AddColumns("figure", report.Mode);
        foreach (var (name, value) in Rows(report))
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        console.Write(table);
        WriteNotes(console, report);
    }

    public static void Write(IAnsiConsole console, LoadComparison comparison)
    {
        var temporal = Rows(comparison.Temporal).ToList();
        var baseline = Rows(comparison.Baseline).ToDictionary(r => r.Name, r => r.Value);
        var table = new Table().AddColumns("figure", "temporal", "baseline (no Temporal)");
        foreach (var (name, value) in temporal)
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value), Markup.Escape(baseline.GetValueOrDefault(name, "")));
        }

        foreach (var (name, value) in Rows(comparison.Baseline).Where(r => temporal.All(t => t.Name != r.Name)))
        {
            table.AddRow(Markup.Escape(name), string.Empty, Markup.Escape(value));
        }

        console.Write(table);
        console.MarkupLine(
            $"Temporal's overhead: p50 latency [bold]{Ratio(comparison.P50Ratio)}[/] the baseline's; " +
            $"the baseline's throughput is [bold]{Ratio(comparison.ThroughputRatio)}[/] Temporal's");
        WriteNotes(console, comparison.Temporal);
        console.MarkupLine("[grey]  peak working set is the process's peak so far: the baseline's includes the Temporal run before it[/]");
    }

    public static void Write(IAnsiConsole console, FloorComparison comparison)
    {
        var floor = Rows(comparison.Floor).ToDictionary(r => r.Name, r => r.Value);
        var table = new Table().AddColumns("figure", "saga", "floor (bare SDK)");
        foreach (var (name, value) in Rows(comparison.Saga))
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value), Markup.Escape(floor.GetValueOrDefault(name, "")));
        }

        foreach (var (name, saga, bare) in HistoryRows(comparison.SagaHistory, comparison.FloorHistory))
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(saga), Markup.Escape(bare));
        }

        console.Write(table);
        console.MarkupLine(
            $"saga ÷ floor: throughput [bold]{Ratio(comparison.ThroughputRatio)}[/], p50 [bold]{Ratio(comparison.P50Ratio)}[/], " +
            $"dev server CPU per saga [bold]{Ratio(comparison.DevServerCpuRatio)}[/], process CPU per saga [bold]{Ratio(comparison.ProcessCpuRatio)}[/]");
        WriteNotes(console, comparison.Saga);
    }

    // Per workflow, medians of a few closed ones; the event types of one of each, in the order they first appear.
    private static IEnumerable<(string Name, string Saga, string Floor)> HistoryRows(HistoryShape? saga, HistoryShape? floor)
    {
        if (saga is null || floor is null)
        {
            yield return ("history per saga", saga is null ? "n/a (none listed yet)" : "", floor is null ? "n/a (none listed yet)" : "");
            yield break;
        }

        yield return ("history events per saga", Number(saga.Events), Number(floor.Events));
        yield return ("workflow tasks per saga", Number(saga.WorkflowTasks), Number(floor.WorkflowTasks));
        yield return ("activity tasks / local activities", $"{saga.ActivityTasks} / {saga.Markers}", $"{floor.ActivityTasks} / {floor.Markers}");
        yield return ("search-attribute upserts", Number(saga.Upserts), Number(floor.Upserts));
        yield return ("history / payload bytes per saga", $"{saga.HistoryBytes} / {saga.PayloadBytes}", $"{floor.HistoryBytes} / {floor.PayloadBytes}");
        foreach (var type in saga.EventTypes.Keys.Union(floor.EventTypes.Keys))
        {
            yield return ($"  {type}", Number(saga.EventTypes.GetValueOrDefault(type)), Number(floor.EventTypes.GetValueOrDefault(type)));
        }
    }

    private static IEnumerable<(string Name, string Value)> Rows(LoadReport r)
    {
        yield return ("saga", r.Saga);
        yield return ("server", r.Server);
        yield return ("worker", r.Worker);
        yield return ("sagas (warm-up excluded)", $"{r.Count} at concurrency {r.Concurrency} (+{r.Warmup} warm-up)");
        yield return ("ended as expected", Number(r.Completed));
        yield return ("measured window", $"{Number(r.WindowSeconds)} s");
        yield return ("throughput", $"{Number(r.ThroughputPerSecond)} sagas/s");
        yield return ("latency p50 / p95 / p99", $"{Number(r.LatencyMs.P50)} / {Number(r.LatencyMs.P95)} / {Number(r.LatencyMs.P99)} ms");
        yield return ("latency max / mean", $"{Number(r.LatencyMs.Max)} / {Number(r.LatencyMs.Mean)} ms");
        foreach (var (step, figures) in r.CompensationMs)
        {
            yield return ($"{step} p50 / p95", $"{Number(figures.P50)} / {Number(figures.P95)} ms ({figures.Count})");
        }

        yield return ("errors", r.Errors.Count == 0 ? "none" : string.Join("; ", r.Errors.Select(e => $"{e.Key}: {e.Value}")));
        yield return ("process CPU per saga *", $"{Number(r.ProcessCpuMsPerSaga)} ms");
        yield return ("peak working set", $"{Number(r.PeakWorkingSetMb)} MB");
        yield return ("dev server CPU per saga", r.DevServerCpuMsPerSaga is { } server ? $"{Number(server)} ms" : "n/a (not started by this run)");
        yield return ("machine", $"{r.Cores} cores, load average {(r.LoadAverage is { } load ? Number(load) : "n/a")} at the end");
    }

    private static void WriteNotes(IAnsiConsole console, LoadReport report) =>
        console.MarkupLine($"[grey]* {Markup.Escape(report.ProcessCpuNote)}[/]");

    private static string Ratio(double? ratio) => ratio is { } r ? $"{Number(r)}×" : "n/a";

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
