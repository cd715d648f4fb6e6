using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Temporalio.Client;
using TemporalSagas.Activities.Flights;
using TemporalSagas.SagaConsole;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>The saga console on a free port over the dev server fixture (its worker, its database, its Web UI).</summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ITemporalClient client;

    private ConsoleServer(WebApplication app, ITemporalClient client, ConsoleSettings settings, string url)
    {
        this.app = app;
        this.client = client;
        Settings = settings;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public ConsoleSettings Settings { get; }

    public string Url { get; }

    public HttpClient Http { get; }

    /// <param name="taskQueue">Default: the fixture's, served by its worker.</param>
    /// <param name="address">Default: the fixture's server (connected through its client).</param>
    public static async Task<ConsoleServer> StartAsync(DevServerFixture fixture, string? taskQueue = null, string? address = null)
    {
        var settings = new ConsoleSettings(
            address ?? fixture.Client.Connection.Options.TargetHost!, fixture.Client.Options.Namespace, taskQueue ?? fixture.TaskQueue,
            Port: 0, Bind: "127.0.0.1", WebUi: $"http://127.0.0.1:{fixture.UiPort}");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Sagas"] = fixture.ConnectionString })
            .Build();
        var context = new CliContext(new CliConsole(new StringWriter(), new StringWriter()), configuration);
        var app = SagaConsoleApp.Build(settings, context, address is null ? fixture.Client : null);
        await app.StartAsync();
        return new ConsoleServer(app, fixture.Client, settings, SagaConsoleApp.Url(app, settings));
    }

    public async Task<StartedSaga> StartAsync(string sagaType, object body)
    {
        using var response = await Http.PostAsJsonAsync($"/api/sagas/{sagaType}", body);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<StartedSaga>(SagaDataConverter.JsonOptions))!;
    }

    /// <summary>Starts a flight booking (alice on TS104) whose confirmation fails and whose compensation of
    /// <paramref name="failCompensationOf"/> fails for good; returns once the list sees it waiting in review.</summary>
    public async Task<StartedSaga> StartFlightIntoReviewAsync(string failCompensationOf)
    {
        var started = await StartAsync("FlightBooking", new
        {
            flightId = "TS104",
            userId = "alice",
            totalFare = 250,
            failAt = FlightSteps.ConfirmBooking,
            failCompensationOf,
        });
        await WaitForVisibilityAsync(client, started.WorkflowId, SagaStatus.ManualReviewRequired);
        return started;
    }

    /// <summary>Polls the saga's page data until <paramref name="done"/> holds (or fails after a generous minute).</summary>
    public async Task<JsonElement> WaitForAsync(string workflowId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var saga = await Http.GetFromJsonAsync<JsonElement>($"/api/sagas/{Uri.EscapeDataString(workflowId)}");
            if (done(saga))
            {
                return saga;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"saga {workflowId} should get there; last seen {saga}");
            await Task.Delay(250);
        }
    }

    /// <summary>Until the visibility store (which the inbox and lists read) shows <paramref name="workflowId"/> in <paramref name="status"/>.</summary>
    public static async Task WaitForVisibilityAsync(ITemporalClient client, string workflowId, SagaStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.CountWorkflowsAsync($"WorkflowId = '{workflowId}' AND SagaStatus = '{status}'")).Count == 0)
        {
            DateTime.UtcNow.Should().BeBefore(deadline, $"{workflowId} should be listed as {status}");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
