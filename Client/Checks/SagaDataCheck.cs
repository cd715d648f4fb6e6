using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Client.Checks;

/// <summary>
/// A saga's read-only input check against the data, run here before anything starts: the very activity method the
/// workflow's <c>validate</c> runs as a local activity, built with the worker's services over the worker's database
/// opened read-only. So a CLI or console refusal of an unknown zone, SKU, staff member or appointment starts nothing,
/// and says what the workflow would have said. When the database is not there (an external worker with its own), it
/// warns once and leaves the check to the workflow (its <c>INVALID_INPUT</c> still exits 2).
/// </summary>
public static class SagaDataCheck
{
    /// <summary>The check's problems, or null when there is no database to check against (after a warning).</summary>
    public static async Task<IReadOnlyList<string>?> ProblemsAsync<TActivities>(
        DataCheckContext context, Func<TActivities, Task<IReadOnlyList<string>>> check, CancellationToken cancellationToken)
        where TActivities : class
    {
        var db = ReadOnlySagaDatabase.TryOpen(context, "the workflow");
        if (db is null)
        {
            return null;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(context.Configuration);
        services.AddSagaActivities(context.Configuration);
        services.AddScoped(_ => db); // the read-only context, instead of the worker's read-write one
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await check(scope.ServiceProvider.GetRequiredService<TActivities>());
        }
        catch (Exception e) when (ReadOnlySagaDatabase.IsNotMigrated(e))
        {
            ReadOnlySagaDatabase.Warn(context, db.Database.GetConnectionStringDataSource(), "the workflow");
            return null;
        }
    }

    /// <summary>Runs the check and refuses the first problem (exit 2, naming the option <paramref name="optionOf"/> gives).</summary>
    public static async Task EnsureAsync<TActivities>(
        DataCheckContext context, Func<TActivities, Task<IReadOnlyList<string>>> check, Func<string, string?> optionOf, CancellationToken cancellationToken)
        where TActivities : class
    {
        if (await ProblemsAsync(context, check, cancellationToken) is [var problem, ..])
        {
            throw CliException.BadInput(problem, optionOf(problem));
        }
    }

    /// <summary>Whether a workflow with this id runs now (a start with use-existing would join it).</summary>
    public static async Task<bool> IsRunningAsync(ITemporalClient client, string workflowId, CancellationToken cancellationToken)
    {
        try
        {
            var description = await client.GetWorkflowHandle(workflowId).DescribeAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
            return description.Status == WorkflowExecutionStatus.Running;
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return false;
        }
    }

    private static string GetConnectionStringDataSource(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database) =>
        Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetDbConnection(database).DataSource;
}
