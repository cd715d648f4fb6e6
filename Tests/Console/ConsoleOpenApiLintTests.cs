using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.SagaConsole;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.SagaConsole;

/// <summary>
/// The OpenAPI document the console serves, linted by Redocly CLI with the repository's <c>redocly.yaml</c>
/// (the recommended rules): no error, no warning. Redocly comes from <c>SAGAS_REDOCLY</c> (<c>.ci/run</c> installs it);
/// without it the test fails, or the document would go unchecked wherever it is missing.
/// </summary>
public class ConsoleOpenApiLintTests
{
    private const string DocumentPath = "/openapi/v1.json";

    [Fact]
    public async Task Lint_ServedDocument_HasNoErrorsAndNoWarnings()
    {
        var document = await ServedDocumentAsync();

        var lint = await LintAsync(document.ToJsonString());

        lint.ExitCode.Should().Be(0, lint.Output);
        lint.Errors.Should().Be(0, lint.Problems);
        lint.Warnings.Should().Be(0, lint.Problems);
    }

    [Fact]
    public async Task Lint_DocumentWithoutOperationIds_IsWarnedAbout()
    {
        // The control for the test above: the same lint sees a defect the recommended rules name.
        var document = await ServedDocumentAsync();
        foreach (var operation in Operations(document))
        {
            operation.Operation.Remove("operationId");
        }

        var lint = await LintAsync(document.ToJsonString());

        lint.Warnings.Should().BeGreaterThan(0, lint.Output);
        lint.Problems.Should().Contain("operation-operationId");
    }

    [Fact]
    public async Task Document_EveryRoute_HasAnOperationIdAndA2xxResponseSchema()
    {
        await using var console = await StartConsoleAsync();
        var document = (await console.Http.GetFromJsonAsync<JsonNode>(DocumentPath))!;
        var operations = Operations(document).ToList();

        // Every API route the app serves (but the catch-all refusals it leaves out on purpose) is in the document.
        var routes = console.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText}"))
            .ToList();
        routes.Should().NotBeEmpty();
        operations.Select(o => $"{o.Method} {o.Path}").Should().BeEquivalentTo(routes);

        foreach (var (path, method, operation) in operations)
        {
            var id = operation["operationId"]?.GetValue<string>();
            id.Should().NotBeNullOrWhiteSpace($"{method} {path} needs an operationId");
            var success = operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('2')).ToList();
            success.Should().NotBeEmpty($"{method} {path} documents its success response");
            success.Should().OnlyContain(
                r => r.Value!["content"]!["application/json"]!["schema"] != null, $"{method} {path}'s success response has a schema");
        }

        operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Document_Schemas_TypeNumbersStrictlyEnumsAsStringsAndProblemsAsTheConsoleWritesThem()
    {
        var document = await ServedDocumentAsync();
        var schemas = Descendants(document).OfType<JsonObject>().ToList();

        // Strict number handling: a number is a JSON number, never "integer or string".
        schemas.Where(s => s["type"] is JsonArray types && types.Any(t => t!.GetValue<string>() == "string")
                && types.Any(t => t!.GetValue<string>() is "integer" or "number"))
            .Should().BeEmpty("the console reads numbers strictly");
        schemas.Where(s => s["enum"] is not null).Should().NotBeEmpty()
            .And.OnlyContain(s => s["type"] != null, "an enum says its type");
        var components = document["components"]!["schemas"]!;
        components["ReviewRequest"]!["properties"]!["action"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>())
            .Should().Contain(["retry", "resolved"]);

        // The problem document's schema is the one the 400s actually carry (errorType, field, errors).
        components["ConsoleProblemDocument"]!["properties"]!.AsObject().Select(p => p.Key)
            .Should().Contain(["type", "title", "status", "detail", "errorType", "field", "errors"]);
        var problemRefs = Operations(document)
            .SelectMany(o => o.Operation["responses"]!.AsObject().Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')))
            .Select(r => r.Value!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>())
            .ToList();
        problemRefs.Should().NotBeEmpty().And.OnlyContain(r => r == "#/components/schemas/ConsoleProblemDocument");
    }

    private static async Task<JsonNode> ServedDocumentAsync()
    {
        await using var console = await StartConsoleAsync();
        return (await console.Http.GetFromJsonAsync<JsonNode>(DocumentPath))!;
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => m.Key is "get" or "put" or "post" or "delete" or "patch")
            .Select(m => (path.Key, m.Key, m.Value!.AsObject())));

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }

    private static async Task<Lint> LintAsync(string document)
    {
        var redocly = Environment.GetEnvironmentVariable("SAGAS_REDOCLY");
        if (string.IsNullOrEmpty(redocly) || !File.Exists(redocly))
        {
            // A missing linter is a failure, not a pass: the README's test command needs it (.ci/run installs it).
            Assert.Fail(
                $"Redocly CLI lints the console's OpenAPI document, but SAGAS_REDOCLY names no file (got '{redocly}'). Install it with " +
                "'npm install --prefix ~/.cache/temporalsagas/redocly-cli-2.77.0 @redocly/cli@2.77.0' and set " +
                "SAGAS_REDOCLY=~/.cache/temporalsagas/redocly-cli-2.77.0/node_modules/.bin/redocly (.ci/run does both).");
        }

        var folder = Directory.CreateTempSubdirectory("sagas-openapi-");
        try
        {
            var file = Path.Combine(folder.FullName, "console-openapi.json");
            await File.WriteAllTextAsync(file, document);
            var start = new ProcessStartInfo(redocly!, ["lint", file, "--config", RedoclyConfig(), "--format", "json"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder.FullName,
                Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true" },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            var output = $"{await stdout}\n{await stderr}";

            // --format json: {"totals":{"errors":N,"warnings":N,...},"problems":[...]} on stdout.
            using var report = JsonDocument.Parse((await stdout)[(await stdout).IndexOf('{', StringComparison.Ordinal)..]);
            var totals = report.RootElement.GetProperty("totals");
            var problems = string.Join('\n', report.RootElement.GetProperty("problems").EnumerateArray().Select(p =>
                $"{p.GetProperty("severity").GetString()} {p.GetProperty("ruleId").GetString()} " +
                $"{p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}"));
            return new Lint(process.ExitCode, totals.GetProperty("errors").GetInt32(), totals.GetProperty("warnings").GetInt32(), problems, output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // The repository's redocly.yaml, found upwards from the test assembly (Tests/bin/Debug/net10.0).
    private static string RedoclyConfig()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var config = Path.Combine(folder.FullName, "redocly.yaml");
            if (File.Exists(config))
            {
                return config;
            }
        }

        throw new FileNotFoundException($"no redocly.yaml above {AppContext.BaseDirectory}");
    }

    // The document needs no Temporal: the console starts without it (connecting on first use) and serves it.
    private static async Task<LintConsole> StartConsoleAsync()
    {
        var settings = new ConsoleSettings(
            $"127.0.0.1:{FreePort.Next()}", "default", "openapi-lint", Port: 0, Bind: "127.0.0.1", WebUi: "http://127.0.0.1:8233");
        var context = new CliContext(new CliConsole(new StringWriter(), new StringWriter()), new ConfigurationBuilder().Build());
        var app = SagaConsoleApp.Build(settings, context);
        await app.StartAsync();
        return new LintConsole(app, new HttpClient { BaseAddress = new Uri(SagaConsoleApp.Url(app, settings)) });
    }

    private sealed record Lint(int ExitCode, int Errors, int Warnings, string Problems, string Output);

    private sealed record LintConsole(WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
