using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using TemporalSagas.Client;
using TemporalSagas.Starter;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary><c>starter serve</c> itself: it starts without Temporal, says where it listens, and answers 503 until Temporal is there.</summary>
public class ServeCommandTests
{
    [Fact]
    public async Task Serve_TemporalDown_StartsPrintsItsUrlAndAnswers503()
    {
        var output = new SignalWriter("saga console on");
        using var stop = new CancellationTokenSource();
        var run = StarterCli.RunAsync(
            ["serve", "--port", "0", "--address", $"127.0.0.1:{FreePort.Next()}", "--web-ui", "http://ui.example:8233"],
            new CliConsole(output, new StringWriter()),
            cancellationToken: stop.Token);
        (await Task.WhenAny(run, output.Seen.WaitAsync(TimeSpan.FromSeconds(60)))).Should().NotBe(run, output.ToString());
        var url = Regex.Match(await output.Seen, @"saga console on (http://\S+) ").Groups[1].Value;

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var page = await http.GetStringAsync("/");
        var meta = await http.GetFromJsonAsync<JsonElement>("/api/meta");
        using var reviews = await http.GetAsync("/api/reviews");
        stop.Cancel();

        (await run).Should().Be(ExitCodes.Success);
        page.Should().Contain("<script src=\"/console.js\">");
        meta.GetProperty("webUi").GetString().Should().Be("http://ui.example:8233");
        reviews.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Theory]
    [InlineData("--bind", "not-an-ip")]
    [InlineData("--port", "70000")]
    [InlineData("--web-ui", "ftp://ui")]
    public async Task Serve_BadOption_ExitsTwoNamingIt(string option, string value)
    {
        var errors = new StringWriter();

        var exit = await StarterCli.RunAsync(["serve", option, value], new CliConsole(new StringWriter(), errors));

        exit.Should().Be(ExitCodes.BadInput);
        errors.ToString().Should().Contain(option);
    }
}
