using System.Globalization;
using Spectre.Console;
using TemporalSagas.Load;

namespace TemporalSagas.Starter.LoadViews;

/// <summary>An open-sagas report as a two-column table.</summary>
public static class OpenSagasReportView
{
    public static void Write(IAnsiConsole console, OpenSagasReport r)
    {
        var table = new Table().AddColumns("figure", "open sagas");
        foreach (var (name, value) in Rows(r))
        {
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        }

        console.Write(table);
        console.MarkupLine($"[grey]* after GC.Collect + WaitForPendingFinalizers; {Markup.Escape(r.MemoryNote)}[/]");
    }

    private static IEnumerable<(string Name, string Value)> Rows(OpenSagasReport r)
    {
        yield return ("saga", r.Saga);
        yield return ("server", r.Server);
        yield return ("worker", r.Worker);
        yield return ("open sagas (waiting, answered)", $"{r.OpenSagas} of {r.Requested}, opened at concurrency {r.Concurrency} in {Number(r.OpenSeconds)} s (+{r.Warmup} warm-up)");
        yield return ("working set with them open *", $"{Number(r.WorkingSetMbWithOpenSagas)} MB (before, after the warm-up: {Number(r.WorkingSetMbBefore)} MB)");
        yield return ("managed heap with them open *", $"{Number(r.ManagedHeapMb)} MB (before: {Number(r.ManagedHeapMbBefore)} MB)");
        yield return ("per open saga", r.KbPerOpenSaga is { } kb ? $"{Number(kb)} KB" : "n/a");
        yield return ("dev server RSS with them open", r.DevServerRssMb is { } rss ? $"{Number(rss)} MB" : "n/a (not started by this run)");
        yield return ("released and closed", $"{r.Released} of {r.OpenSagas} in {Number(r.ReleaseSeconds)} s");
        yield return ("errors", r.Errors.Count == 0 ? "none" : string.Join("; ", r.Errors.Select(e => $"{e.Key}: {e.Value}")));
        yield return ("machine", $"{r.Cores} cores, load average {(r.LoadAverage is { } load ? Number(load) : "n/a")} at the end");
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
