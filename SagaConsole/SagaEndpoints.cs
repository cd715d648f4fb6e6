using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary><c>/api/meta</c>, <c>/api/forms</c> and <c>/api/sagas</c>: start a saga, read one, list them.</summary>
public static class SagaEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("sagas");
        api.MapGet("/meta", Meta)
            .WithName("getMeta")
            .WithSummary("Saga types, statuses and the Web UI's filtered lists")
            .Produces<ConsoleMeta>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/forms", Forms)
            .WithName("listForms")
            .WithSummary("The test form of every saga type that has one")
            .Produces<List<SagaFormView>>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest);

        foreach (var form in SagaConsoleForms.All)
        {
            api.MapPost($"/sagas/{form.Saga.SagaType}", (HttpContext http, ConsoleSettings settings, DataCheckContext context, TemporalAccess temporal) =>
                    StartAsync(form, http, settings, context, temporal))
                .WithName($"start{form.Saga.SagaType}")
                .WithSummary($"Start a {form.Title} saga")
                .Accepts(form.RequestType, "application/json")
                .Produces<StartedSaga>(StatusCodes.Status202Accepted)
                .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
                .ProducesConsoleProblem(StatusCodes.Status409Conflict)
                .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
        }

        // What the routes above refuse: another content type (they accept JSON only) or a saga type without a form.
        // Both are bad input naming the field, not a bare 415 or 404.
        api.MapPost("/sagas/{sagaType}", IResult (string sagaType, HttpRequest request) =>
            {
                if (SagaConsoleForms.Find(sagaType) is not null)
                {
                    ConsoleJson.EnsureJson(request);
                }

                throw ConsoleProblem.BadInput(
                    "sagaType",
                    $"sagaType: no test form for '{sagaType}' (forms: {string.Join(", ", SagaConsoleForms.All.Select(f => f.Saga.SagaType))})");
            })
            .ExcludeFromDescription();

        api.MapGet("/sagas", ListAsync)
            .WithName("listSagas")
            .WithSummary("Sagas filtered by the SagaType and SagaStatus search attributes, newest first")
            .Produces<List<SagaListItem>>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
            .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/sagas/{workflowId}", GetAsync)
            .WithName("getSaga")
            .WithSummary("One saga: execution status, ledger (GetState) and, once finished, its result")
            .Produces<SagaView>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
            .ProducesConsoleProblem(StatusCodes.Status404NotFound)
            .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
    }

    // These take no query parameters; one given anyway is refused like the list routes' unknown ones.
    private static ConsoleMeta Meta(HttpRequest request, ConsoleSettings settings)
    {
        ConsoleQuery.Only(request);
        return new(
            SagaCatalog.All.Select(d => d.SagaType).ToList(),
            Enum.GetNames<SagaStatus>(),
            settings.WebUi,
            Enum.GetNames<SagaStatus>().ToDictionary(s => s, settings.StatusListUrl));
    }

    private static List<SagaFormView> Forms(HttpRequest request)
    {
        ConsoleQuery.Only(request);
        return SagaConsoleForms.All.Select(f => new SagaFormView(f.Saga.SagaType, f.Saga.WorkflowType, f.Title, f.Fields, f.FaultSteps)).ToList();
    }

    private static async Task<IResult> StartAsync(
        ISagaConsoleForm form, HttpContext http, ConsoleSettings settings, DataCheckContext context, TemporalAccess temporal)
    {
        var cancellationToken = http.RequestAborted;

        // Input first: a bad request is refused without touching Temporal.
        var start = new ConsoleStart(() => temporal.ClientAsync(cancellationToken), settings.TaskQueue, context);
        var handle = await form.StartAsync(start, http.Request, cancellationToken);
        var started = new StartedSaga(
            handle.Id, handle.ResultRunId, form.Saga.SagaType, $"/api/sagas/{Uri.EscapeDataString(handle.Id)}", settings.WorkflowUrl(handle.Id));
        return Results.Json(started, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(
        string? type, string? status, int? limit, HttpRequest request, ConsoleSettings settings, TemporalAccess temporal, CancellationToken cancellationToken)
    {
        ConsoleQuery.Only(request, "type", "status", "limit");
        var conditions = new List<string>();
        if (type is not null)
        {
            conditions.Add($"SagaType = '{Known("type", type, SagaCatalog.All.Select(d => d.SagaType))}'");
        }

        if (status is not null)
        {
            conditions.Add($"SagaStatus = '{Known("status", status, Enum.GetNames<SagaStatus>())}'");
        }

        if (limit is < 1 or > InputBounds.MaxLimit)
        {
            throw ConsoleProblem.BadInput("limit", $"limit must be between 1 and {InputBounds.MaxLimit} (got {limit})");
        }

        var client = await temporal.ClientAsync(cancellationToken);
        var sagas = await SagaListing.ListAsync(client, string.Join(" AND ", conditions), limit ?? 50);
        return Results.Json(sagas.Select(s => new SagaListItem(
            s.WorkflowId, s.WorkflowType, s.SagaType, s.SagaStatus, s.FailedStep, s.ExecutionStatus, s.StartedUtc, s.ClosedUtc,
            settings.WorkflowUrl(s.WorkflowId))).ToList());
    }

    private static async Task<IResult> GetAsync(
        string workflowId, ConsoleSettings settings, TemporalAccess temporal, CancellationToken cancellationToken)
    {
        var handle = await FindAsync(temporal, workflowId, cancellationToken);
        var description = await handle.DescribeAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
        var finished = description.Status != WorkflowExecutionStatus.Running;
        SagaState? state = null;
        try
        {
            state = await handle.QueryAsync<SagaState>(SagaLookup.StateQuery, [], new() { Rpc = new() { CancellationToken = cancellationToken } });
        }
        catch (WorkflowQueryFailedException)
        {
            // Not a saga, or one that never ran a workflow task: the execution status still says what Temporal knows.
        }

        JsonElement? result = null;
        string? resultError = null;
        if (finished)
        {
            try
            {
                result = await handle.GetResultAsync<JsonElement>(followRuns: false);
            }
            catch (WorkflowFailedException e)
            {
                // Failed (e.g. INVALID_INPUT), cancelled, terminated or timed out: the cause is the answer.
                resultError = e.InnerException?.Message ?? e.Message;
            }
        }

        return Results.Json(new SagaView(
            handle.Id, description.RunId, description.WorkflowType,
            description.Status.ToString().Replace("WorkflowExecutionStatus", string.Empty, StringComparison.Ordinal),
            finished, state, result, resultError, settings.WorkflowUrl(handle.Id)));
    }

    /// <summary>The saga by workflow id (or the caller's own id): 400 for a malformed id, 404 when there is none.</summary>
    public static async Task<WorkflowHandle> FindAsync(TemporalAccess temporal, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            InputBounds.LookupId("workflowId", workflowId);
        }
        catch (CliException e)
        {
            throw ConsoleProblem.BadInput("workflowId", e.Message);
        }

        var client = await temporal.ClientAsync(cancellationToken);
        try
        {
            return await SagaLookup.FindAsync(client, workflowId);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput)
        {
            throw ConsoleProblem.NotFound("workflowId", e.Message);
        }
    }

    private static string Known(string field, string value, IEnumerable<string> allowed)
    {
        var all = allowed.ToList();
        return all.Contains(value, StringComparer.Ordinal)
            ? value
            : throw ConsoleProblem.BadInput(field, $"{field}: unknown value '{value}' (values: {string.Join(", ", all)})");
    }
}
