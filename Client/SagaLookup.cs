using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>Finds a saga by its workflow id or by the id the caller gave it (<c>123</c> → <c>flight-booking-123</c>).</summary>
public static class SagaLookup
{
    public const string StateQuery = "GetState";

    /// <summary>Every saga workflow's id prefix, from the workflows themselves.</summary>
    public static IEnumerable<string> IdPrefixes => SagaCatalog.All.Select(d => d.IdPrefix);

    /// <summary>A workflow id or saga id given as an argument: non-empty, bounded, printable (exit 2 naming <paramref name="name"/>).</summary>
    public static string CheckId(string name, string value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 255 && !value.Any(char.IsControl)
            ? value
            : throw CliException.BadInput($"{name} must be a workflow id or saga id of 1-255 printable characters", name);

    public static async Task<WorkflowHandle> FindAsync(ITemporalClient client, string id)
    {
        CheckId("id", id);
        var candidates = SagaCatalog.ForWorkflowId(id) is not null ? [id] : new[] { id }.Concat(IdPrefixes.Select(p => p + id));
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

        throw CliException.BadInput($"no saga with id '{id}' in this namespace", "id");
    }

    public static async Task<SagaState> GetStateAsync(WorkflowHandle handle)
    {
        try
        {
            return await handle.QueryAsync<SagaState>(StateQuery, []);
        }
        catch (WorkflowQueryFailedException e)
        {
            throw CliException.BadInput($"'{handle.Id}' is not a saga: {e.Message}", "id");
        }
    }
}
