using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;
using YamlDotNet.RepresentationModel;

namespace TemporalSagas.Tests.Operations;

/// <summary>
/// The worker's Prometheus endpoint before any saga and after a completed, a compensated and a reviewed-then-resolved
/// saga: every counter at 0 from the start, the seed's metric set by saga type, the review gauges rising and falling
/// with the counters' labels, a scrape <c>promtool check metrics</c> accepts, and the ops rules and dashboard using
/// only what it exports.
/// </summary>
[Collection(DevServerCollection.Name)]
public class SagaMetricsScrapeTests(DevServerFixture fixture)
{
    private const string Flight = FlightBookingWorkflow.SagaType;
    private static readonly FlightBookingInput Booking = new("TS104", "alice", 1, "economy", 250m);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static Scrapes? scraped;

    private static string Ops(params string[] path) => Path.Combine([AppContext.BaseDirectory, "ops", .. path]);

    [Fact]
    public async Task Metrics_AfterThreeSagas_CountEachOutcomeAndTheReviewGaugeFalls()
    {
        var metrics = (await ScrapeAfterRunAsync()).After;

        metrics.Sum("saga_started_total", Flight).Should().Be(3);
        metrics.Sum("saga_completed_total", Flight).Should().Be(1);
        metrics.Sum("saga_compensated_total", Flight).Should().Be(1);
        metrics.Sum("saga_resolved_total", Flight).Should().Be(1);
        metrics.Sum("saga_failed_total", Flight).Should().Be(2);
        metrics.Sum("saga_compensation_failed_total", Flight).Should().Be(1);
        metrics.Sum("saga_manual_review_open", Flight).Should().Be(0);
        metrics.Sum("saga_manual_review_oldest_age_seconds", Flight).Should().Be(0);
        metrics.Sum("saga_timed_out_total", Flight).Should().Be(0, "every counter is exported, at 0 until counted");
        metrics.Sum("saga_duration_seconds_count", Flight).Should().Be(3);
        metrics.Sum("saga_duration_seconds_count", Flight, "status=\"Compensated\"").Should().Be(1);
        metrics.Sum("saga_compensation_duration_seconds_count", Flight).Should().Be(2);
        metrics.Sum("saga_step_duration_seconds_count", Flight, $"step=\"{FlightSteps.ReserveSeat}\"").Should().Be(3);
        metrics.Sum("saga_duration_seconds_sum", Flight).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Metrics_BeforeAnySaga_ExportEveryCounterAtZeroForEachSagaType()
    {
        var before = (await ScrapeAfterRunAsync()).Before;

        SagaCatalog.All.Should().NotBeEmpty();
        foreach (var saga in SagaCatalog.All)
        {
            foreach (var counter in SagaMetricNames.Counters)
            {
                before.Sum($"{counter}_total", saga.SagaType).Should().Be(0, $"{counter}_total{{saga_type=\"{saga.SagaType}\"}} is there from the start");
            }
        }
    }

    [Fact]
    public async Task Metrics_WhileAReviewWaits_TheOldestAgeGaugeIsAboveZeroAndBelowTheWait()
    {
        var (during, waitedAtMost) = (await ScrapeAfterRunAsync()).DuringReview;

        during.Sum("saga_manual_review_open", Flight).Should().Be(1);
        during.Sum("saga_manual_review_oldest_age_seconds", Flight).Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(waitedAtMost.TotalSeconds);
        during.Sum("saga_manual_review_oldest_age_seconds", OrderFulfillmentWorkflow.SagaType).Should().Be(0);
    }

    [Fact]
    public async Task Metrics_ReviewGaugesAndCounters_CarryTheSameLabels()
    {
        var metrics = (await ScrapeAfterRunAsync()).After;
        var counterLabels = metrics.LabelNames("saga_started_total", Flight);

        counterLabels.Should().Contain(["saga_type", "namespace", "task_queue", "workflow_type"]);
        metrics.LabelNames("saga_manual_review_open", Flight).Should().BeEquivalentTo(counterLabels);
        metrics.LabelNames("saga_manual_review_oldest_age_seconds", Flight).Should().BeEquivalentTo(counterLabels);
        metrics.LabelNames("saga_timed_out_total", Flight).Should().BeEquivalentTo(counterLabels, "a counter's zero is the series its workflow counts up");
    }

    [Fact]
    public async Task Metrics_AfterCompletedAndCompensatedSagas_PassPromtoolCheckMetrics()
    {
        var scrapes = await ScrapeAfterRunAsync();
        scrapes.After.Sum("saga_completed_total", Flight).Should().BeGreaterThan(0);
        scrapes.After.Sum("saga_compensated_total", Flight).Should().BeGreaterThan(0);
        // The SDK's own metrics are in the scrape too, named as Prometheus expects (they were not: promtool exited 3).
        scrapes.After.Names.Should().Contain(["temporal_request_total", "temporal_workflow_task_schedule_to_start_latency_seconds_bucket"]);

        foreach (var (name, scrape) in new[] { ("after the sagas", scrapes.After), ("before any saga", scrapes.Before) })
        {
            var (exitCode, output) = await RunAsync(Promtool(), scrape.Text, "check", "metrics");
            exitCode.Should().Be(0, $"promtool check metrics {name} says: {output}");
            output.Should().BeEmpty($"promtool names no problem {name}");
        }
    }

    [Fact]
    public async Task Dashboard_FinishedPanel_PlotsEachFinalStatusOnceAndNotFailed()
    {
        var panel = (await DashboardAsync()).RootElement.GetProperty("panels").EnumerateArray()
            .Single(p => p.GetProperty("title").GetString()!.StartsWith("Sagas finished per minute", StringComparison.Ordinal));
        var plotted = panel.GetProperty("targets").EnumerateArray()
            .SelectMany(t => PrometheusText.MetricsIn(t.GetProperty("expr").GetString()!))
            .ToList();

        var finalCounters = Enum.GetValues<SagaStatus>().Where(s => s.IsFinal()).Select(s => $"{SagaMetricNames.FinishedCounter(s)}_total");
        plotted.Should().BeEquivalentTo(finalCounters, "each saga ends in exactly one final status; started and failed would count it twice");
    }

    [Fact]
    public async Task AlertRulesAndDashboard_UseOnlyMetricsTheWorkerExports()
    {
        var exported = (await ScrapeAfterRunAsync()).After.Names;
        var rules = new YamlStream();
        rules.Load(new StringReader(await File.ReadAllTextAsync(Ops("prometheus", "saga-alerts.rules.yml"))));
        var ruleExpressions = ((YamlSequenceNode)((YamlMappingNode)rules.Documents[0].RootNode)["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .Select(r => ((YamlScalarNode)r["expr"]).Value!)
            .ToList();
        var dashboard = await DashboardAsync();
        var panelExpressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();

        ruleExpressions.Should().HaveCount(9);
        panelExpressions.Should().NotBeEmpty();
        var used = ruleExpressions.Concat(panelExpressions).SelectMany(PrometheusText.MetricsIn).Distinct().ToList();
        used.Should().Contain([
            "saga_compensation_failed_total", "saga_failed_total", "saga_manual_review_open", "saga_step_duration_seconds_bucket",
            "saga_manual_review_oldest_age_seconds", "temporal_workflow_task_schedule_to_start_latency_seconds_bucket",
            "temporal_activity_schedule_to_start_latency_seconds_bucket"]);
        used.Should().BeSubsetOf(exported);
    }

    [Fact]
    public async Task AlertRules_PassPromtoolCheckAndTheirUnitTests()
    {
        (await PromtoolAsync("check", "rules", "saga-alerts.rules.yml")).Should().Contain("SUCCESS: 9 rules found");
        (await PromtoolAsync("test", "rules", "saga-alerts.test.yml")).Should().Contain("SUCCESS");
        (await PromtoolAsync("check", "config", "prometheus.yml")).Should().Contain("SUCCESS: 1 rule files found");
    }

    // Debian's prometheus package (.ci/run installs it): a missing promtool is a failure, not a pass, or the rules
    // and the scrape would go unchecked wherever it is missing.
    private static string Promtool()
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
        promtool.Should().NotBeNull("promtool checks the alert rules and the scrape: apt-get install prometheus (.ci/run installs it)");
        return promtool!;
    }

    private static async Task<string> PromtoolAsync(params string[] args)
    {
        var (exitCode, output) = await RunAsync(Promtool(), null, args);
        exitCode.Should().Be(0, output);
        return output;
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string? input, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = Ops("prometheus"),
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<JsonDocument> DashboardAsync() =>
        JsonDocument.Parse(await File.ReadAllTextAsync(Ops("grafana", "temporalsagas-dashboard.json")));

    /// <param name="DuringReview">A scrape while the review waited, and at most how long it had waited then.</param>
    private sealed record Scrapes(PrometheusText Before, (PrometheusText Metrics, TimeSpan WaitedAtMost) DuringReview, PrometheusText After);

    // One run for the class: a worker of its own with a metrics endpoint and a fast review gauge.
    private async Task<Scrapes> ScrapeAfterRunAsync()
    {
        await Once.WaitAsync();
        try
        {
            return scraped ??= await RunSagasAndScrapeAsync();
        }
        finally
        {
            Once.Release();
        }
    }

    private async Task<Scrapes> RunSagasAndScrapeAsync()
    {
        var taskQueue = $"ops-metrics-{Guid.NewGuid():N}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (host, endpoint) = await StartWithMetricsAsync(taskQueue, http);
        using var stop = host;
        var before = new PrometheusText(await http.GetStringAsync(endpoint));

        (await (await fixture.StartFlightAsync(Booking, taskQueue: taskQueue)).GetResultAsync()).Status.Should().Be(SagaStatus.Completed);
        (await (await fixture.StartFlightAsync(Booking with { PaymentMethod = "declined-card" }, taskQueue: taskQueue)).GetResultAsync())
            .Status.Should().Be(SagaStatus.Compensated);
        var review = await fixture.StartFlightAsync(
            Booking with { Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment) },
            taskQueue: taskQueue);
        var reviewStarted = DateTime.UtcNow;
        await SagaPolling.WaitForStatusAsync(review, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(60));

        var during = await UntilAsync(
            http, endpoint, m => m.Sum("saga_manual_review_open", Flight) == 1 && m.Sum("saga_manual_review_oldest_age_seconds", Flight) > 0,
            "the gauges count the open review and its age");
        var waitedAtMost = DateTime.UtcNow - reviewStarted;
        await review.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops", "fixed by hand")));
        (await review.GetResultAsync()).Status.Should().Be(SagaStatus.Resolved);
        var after = await UntilAsync(
            http, endpoint, m => m.Sum("saga_manual_review_open", Flight) == 0 && m.Sum("saga_manual_review_oldest_age_seconds", Flight) == 0,
            "the gauges fall once resolved");
        await host.StopAsync();
        return new(before, (during, waitedAtMost), after);
    }

    private static async Task<PrometheusText> UntilAsync(HttpClient http, Uri endpoint, Func<PrometheusText, bool> done, string because)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var metrics = new PrometheusText(await http.GetStringAsync(endpoint));
            if (done(metrics))
            {
                return metrics;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(300);
        }
    }

    // The worker runs without an endpoint when its port was taken between FreePort and the bind: then try another.
    private async Task<(IHost Host, Uri Endpoint)> StartWithMetricsAsync(string taskQueue, HttpClient http)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var host = await fixture.StartWorkerAsync(
                o =>
                {
                    o.TaskQueue = taskQueue;
                    o.MetricsPort = port;
                },
                settings: new Dictionary<string, string?> { ["Metrics:ReviewGaugeSeconds"] = "0.5" });
            var endpoint = new Uri($"http://127.0.0.1:{port}/metrics");
            try
            {
                await http.GetStringAsync(endpoint);
                return (host, endpoint);
            }
            catch (HttpRequestException) when (attempt < 3)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }
    }
}
