using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.EndToEnd;

/// <summary>What an operator sees of sagas outside Temporal: the Prometheus counters and the JSON log file.</summary>
[Collection(DevServerCollection.Name)]
public class SagaObservabilityEndToEndTests(DevServerFixture fixture)
{
    private static readonly FlightBookingInput Booking = new("TS104", "alice", 1, "economy", 250m);

    [Fact]
    public async Task Metrics_OneCompletedAndOneCompensatedSaga_AreCountedBySagaType()
    {
        // A host of its own: the fixture's worker serves no metrics, and a dedicated runtime counts only this test's sagas.
        var taskQueue = $"metrics-{Guid.NewGuid():N}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var (host, endpoint) = await StartWithMetricsAsync(taskQueue, http);
        using var stop = host;

        var completed = await (await fixture.StartFlightAsync(Booking, taskQueue: taskQueue)).GetResultAsync();
        var compensated = await (await fixture.StartFlightAsync(Booking with { PaymentMethod = "declined-card" }, taskQueue: taskQueue))
            .GetResultAsync();
        var metrics = await http.GetStringAsync(endpoint);
        await host.StopAsync();

        completed.Status.Should().Be(SagaStatus.Completed);
        compensated.Status.Should().Be(SagaStatus.Compensated);
        // Exact counts: the runtime is this test's own, and a replay (cache eviction) must not count a saga twice.
        Counter(metrics, "saga_started_total").Should().Be(2);
        Counter(metrics, "saga_completed_total").Should().Be(1);
        Counter(metrics, "saga_compensated_total").Should().Be(1);
    }

    [Fact]
    public async Task LogFile_AfterASaga_ActivityLinesCarrySagaIdAndStep()
    {
        var taskQueue = $"logs-{Guid.NewGuid():N}";
        var logDir = Path.Combine(Path.GetTempPath(), $"sagas-logs-{Guid.NewGuid():N}");
        try
        {
            string workflowId;
            using (var host = await fixture.StartWorkerAsync(
                o =>
                {
                    o.TaskQueue = taskQueue;
                    o.LogDirectory = logDir;
                },
                logLevel: "Information"))
            {
                var handle = await fixture.StartFlightAsync(Booking, taskQueue: taskQueue);
                (await handle.GetResultAsync()).Success.Should().BeTrue();
                workflowId = handle.Id;
                await host.StopAsync(); // flushes the file
            }

            var lines = Directory.GetFiles(logDir, "worker-*.json")
                .SelectMany(File.ReadAllLines)
                .Select(line => JsonDocument.Parse(line).RootElement.Clone())
                .Where(e => Text(e, "SourceContext")?.StartsWith("TemporalSagas.Activities.Flights.", StringComparison.Ordinal) == true
                    && Text(e, "IdempotencyKey")?.StartsWith(workflowId + "/", StringComparison.Ordinal) == true)
                .ToList();

            lines.Select(e => Text(e, "@mt")![..8]).Should().Contain(["Held {Se", "Charged ", "Confirme"]);
            lines.Should().OnlyContain(e => Text(e, "SagaId") == workflowId);
            lines.Select(e => (Text(e, "@mt")![..4], Text(e, "Step"))).Should().Contain(
                [("Held", "ReserveSeat"), ("Char", "ProcessPayment"), ("Conf", "ConfirmBooking")]);
        }
        finally
        {
            Directory.Delete(logDir, recursive: true);
        }
    }

    // The worker runs without an endpoint when its port was taken between FreePort and the bind: then try another.
    private async Task<(IHost Host, Uri Endpoint)> StartWithMetricsAsync(string taskQueue, HttpClient http)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var host = await fixture.StartWorkerAsync(o =>
            {
                o.TaskQueue = taskQueue;
                o.MetricsPort = port;
            });
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

    private static string? Text(JsonElement line, string property) =>
        line.TryGetProperty(property, out var value) ? value.GetString() : null;

    // Sums the samples of one counter for saga_type="FlightBooking" across any other labels.
    private static double Counter(string metrics, string name) =>
        Regex.Matches(metrics, $@"^{name}\{{[^}}]*saga_type=""{FlightBookingWorkflow.SagaType}""[^}}]*\}} (\S+)$", RegexOptions.Multiline)
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
}
