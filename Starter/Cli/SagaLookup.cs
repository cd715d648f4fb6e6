using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

/// <summary>Finds a saga by its workflow id or by the id the caller gave it (<c>123</c> → <c>flight-booking-123</c>).</summary>
public static class SagaLookup
{
    public static readonly IReadOnlyList<string> IdPrefixes =
    [
        FlightBookingWorkflow.IdPrefix, "appointment-create-", "appointment-sync-", "composite-booking-", "order-",
        "seat-reservation-",
    ];

    public static async Task<WorkflowHandle> FindAsync(ITemporalClient client, string id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw CliException.BadInput("a saga id is required");
        }

        var candidates = IdPrefixes.Any(id.StartsWith) ? [id] : new[] { id }.Concat(IdPrefixes.Select(p => p + id));
        foreach (var candidate in candidates)
        {
            var handle = client.GetWorkflowHandle(candidate);
            try
            {
                await handle.DescribeAsync();
                return handle;
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
            }
        }

        throw CliException.BadInput($"no saga with id '{id}' in this namespace");
    }

    public static async Task<SagaState> GetStateAsync(WorkflowHandle handle)
    {
        try
        {
            return await handle.QueryAsync<SagaState>("GetState", []);
        }
        catch (WorkflowQueryFailedException e)
        {
            throw CliException.BadInput($"'{handle.Id}' is not a saga: {e.Message}");
        }
    }
}
