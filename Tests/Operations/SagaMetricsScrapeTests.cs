using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;
using YamlDotNet.RepresentationModel;

namespace TemporalSagas.Tests.Operations;

/// <summary>
/// The worker's Prometheus endpoint after a completed, a compensated and a reviewed-then-resolved saga: the seed's
/// metric set by saga type, the review gauge rising and falling, and the ops rules and dashboard using only what it exports.
/// </summary>
[Collection(DevServerCollection.Name)]
public class SagaMetricsScrapeTests(DevServerFixture fixture)
{
    private const string Flight = FlightBookingWorkflow.SagaType;
    private static readonly FlightBookingInput Booking = new("TS104", "alice", 1, "economy", 250m);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static PrometheusText? scraped;

    private static string Ops(params string[] path) => Path.Combine([AppContext.BaseDirectory, "ops", .. path]);

    [Fact]
    public async Task Metrics_AfterThreeSagas_CountEachOutcomeAndTheReviewGaugeFalls()
    {
        var metrics = await ScrapeAfterRunAsync();

        metrics.Sum("saga_started_total", Flight).Should().Be(3);
        metrics.Sum("saga_completed_total", Flight).Should().Be(1);
        metrics.Sum("saga_compensated_total", Flight).Should().Be(1);
        metrics.Sum("saga_resolved_total", Flight).Should().Be(1);
        metrics.Sum("saga_failed_total", Flight).Should().Be(2);
        metrics.Sum("saga_compensation_failed_total", Flight).Should().Be(1);
        metrics.Sum("saga_manual_review_open", Flight).Should().Be(0);
        metrics.Sum("saga_duration_seconds_count", Flight).Should().Be(3);
        metrics.Sum("saga_duration_seconds_count", Flight, "status=\"Compensated\"").Should().Be(1);
        metrics.Sum("saga_compensation_duration_seconds_count", Flight).Should().Be(2);
        metrics.Sum("saga_step_duration_seconds_count", Flight, $"step=\"{FlightSteps.ReserveSeat}\"").Should().Be(3);
        metrics.Sum("saga_duration_seconds_sum", Flight).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task AlertRulesAndDashboard_UseOnlyMetricsTheWorkerExports()
    {
        var exported = (await ScrapeAfterRunAsync()).Names;
        var rules = new YamlStream();
        rules.Load(new StringReader(await File.ReadAllTextAsync(Ops("prometheus", "saga-alerts.rules.yml"))));
        var ruleExpressions = ((YamlSequenceNode)((YamlMappingNode)rules.Documents[0].RootNode)["groups"])
            .Cast<YamlMappingNode>()
            .SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>())
            .Select(r => ((YamlScalarNode)r["expr"]).Value!)
            .ToList();
        var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Ops("grafana", "temporalsagas-dashboard.json")));
        var panelExpressions = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .ToList();

        ruleExpressions.Should().HaveCount(4);
        panelExpressions.Should().NotBeEmpty();
        var used = ruleExpressions.Concat(panelExpressions).SelectMany(PrometheusText.MetricsIn).Distinct().ToList();
        used.Should().Contain(["saga_compensation_failed_total", "saga_failed_total", "saga_manual_review_open", "saga_step_duration_seconds_bucket"]);
        used.Should().BeSubsetOf(exported);
    }

    [Fact]
    public async Task AlertRules_PassPromtoolCheckAndTheirUnitTests()
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists);
        // The README's test command needs Debian's prometheus package (.ci/run installs it): a missing promtool is a
        // failure, not a pass, or the rules would go unchecked wherever it is missing.
        promtool.Should().NotBeNull("promtool checks the alert rules: apt-get install prometheus (.ci/run installs it)");

        (await RunAsync(promtool!, "check", "rules", "saga-alerts.rules.yml")).Should().Contain("SUCCESS: 4 rules found");
        (await RunAsync(promtool!, "test", "rules", "saga-alerts.test.yml")).Should().Contain("SUCCESS");
    }

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = Ops("prometheus"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, output);
        return output;
    }

    // One run for the class: a worker of its own with a metrics endpoint and a fast review gauge.
    private async Task<PrometheusText> ScrapeAfterRunAsync()
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

    private async Task<PrometheusText> RunSagasAndScrapeAsync()
    {
        var taskQueue = $"ops-metrics-{Guid.NewGuid():N}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (host, endpoint) = await StartWithMetricsAsync(taskQueue, http);
        using var stop = host;

        (await (await fixture.StartFlightAsync(Booking, taskQueue: taskQueue)).GetResultAsync()).Status.Should().Be(SagaStatus.Completed);
        (await (await fixture.StartFlightAsync(Booking with { PaymentMethod = "declined-card" }, taskQueue: taskQueue)).GetResultAsync())
            .Status.Should().Be(SagaStatus.Compensated);
        var review = await fixture.StartFlightAsync(
            Booking with { Faults = new FaultPlan(FailAt: FlightSteps.ConfirmBooking, FailCompensationOf: FlightSteps.ProcessPayment) },
            taskQueue: taskQueue);
        await SagaPolling.WaitForStatusAsync(review, SagaStatus.ManualReviewRequired, TimeSpan.FromSeconds(60));

        await UntilAsync(http, endpoint, m => m.Sum("saga_manual_review_open", Flight) == 1, "the gauge counts the open review");
        await review.ExecuteUpdateAsync(wf => wf.ResolveManualReviewAsync(new(ReviewAction.MarkResolved, "ops", "fixed by hand")));
        (await review.GetResultAsync()).Status.Should().Be(SagaStatus.Resolved);
        var metrics = await UntilAsync(http, endpoint, m => m.Sum("saga_manual_review_open", Flight) == 0, "the gauge falls once resolved");
        await host.StopAsync();
        return metrics;
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
