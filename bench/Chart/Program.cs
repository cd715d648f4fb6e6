using TemporalSagas.Bench.Chart;

// bench/scaling.sh: draws one scaling run's reports (a bench/results folder) as an SVG or PNG chart.
if (args is not [var folder, var output, ..])
{
    Console.Error.WriteLine("usage: TemporalSagas.Bench.Chart RESULTS_FOLDER OUTPUT.svg|OUTPUT.png [TITLE]");
    return 2;
}

var points = ScalingPoint.Load(folder);
if (points.Count == 0)
{
    Console.Error.WriteLine($"error: no `starter load --json` reports in {folder}");
    return 2;
}

var title = args.Length > 2 ? args[2] : "Flight sagas on the dev server (in-process worker)";
ScalingChart.Save(points, title, output);
Console.WriteLine($"{output}: {string.Join(", ", points.Select(p => $"{p.Series} c={p.Concurrency} {p.ThroughputPerSecond:0.#}/s p99 {p.P99Ms:0} ms"))}");
return 0;
