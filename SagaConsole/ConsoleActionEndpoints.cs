using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TemporalSagas.Client;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary><c>GET /api/actions</c> and <c>POST /api/sagas/{workflowId}/{action}</c>: the forms' actions on a running saga.</summary>
public static class ConsoleActionEndpoints
{
    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("actions");
        api.MapGet("/actions", Actions)
            .WithName("listActions")
            .WithSummary("The actions the test forms offer on a running saga, and the wait step each is offered in")
            .Produces<List<ConsoleActionView>>()
            .ProducesConsoleProblem(StatusCodes.Status400BadRequest);

        foreach (var actions in ConsoleActions.All.GroupBy(a => a.Name, StringComparer.Ordinal))
        {
            var name = actions.Key;
            var route = api.MapPost($"/sagas/{{workflowId}}/{name}", (string workflowId, HttpContext http, TemporalAccess temporal) =>
                    RunAsync(name, workflowId, http, temporal))
                .WithName($"{name}Saga")
                .WithSummary($"{string.Join(" / ", actions.Select(a => $"{a.Label} ({a.Saga.SagaType})"))}")
                .Produces<ConsoleActionOutcome>()
                .ProducesConsoleProblem(StatusCodes.Status400BadRequest)
                .ProducesConsoleProblem(StatusCodes.Status404NotFound)
                .ProducesConsoleProblem(StatusCodes.Status409Conflict)
                .ProducesConsoleProblem(StatusCodes.Status503ServiceUnavailable);
            if (actions.Count() == 1)
            {
                route.Accepts(actions.Single().RequestType, "application/json");
            }
        }
    }

    // Takes no query parameters; one given anyway is refused like the list routes' unknown ones.
    private static List<ConsoleActionView> Actions(HttpRequest request)
    {
        ConsoleQuery.Only(request);
        return ConsoleActions.All.Select(a => new ConsoleActionView(a.Saga.SagaType, a.Name, a.Label, a.WhileStep, a.Fields)).ToList();
    }

    private static async Task<IResult> RunAsync(string name, string workflowId, HttpContext http, TemporalAccess temporal)
    {
        try
        {
            InputBounds.LookupId("workflowId", workflowId);
        }
        catch (CliException e)
        {
            throw ConsoleProblem.BadInput("workflowId", e.Message);
        }

        // The saga type from the id's prefix: a wrong id is refused before Temporal is asked.
        var saga = SagaCatalog.ForWorkflowId(workflowId);
        var offered = ConsoleActions.All.Where(a => a.Name == name).ToList();
        var action = offered.FirstOrDefault(a => a.Saga == saga)
            ?? throw ConsoleProblem.BadInput(
                "workflowId",
                $"workflowId: {name} acts on {string.Join(", ", offered.Select(a => a.Saga.SagaType))} sagas " +
                $"(ids {string.Join(", ", offered.Select(a => a.Saga.IdPrefix + "…"))}), not on '{InputBounds.Printable(workflowId)}'");
        var cancellationToken = http.RequestAborted;
        var outcome = await action.RunAsync(workflowId, () => temporal.ClientAsync(cancellationToken), http.Request, cancellationToken);
        return Results.Json(outcome);
    }
}
