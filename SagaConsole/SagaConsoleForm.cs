using Microsoft.AspNetCore.Http;
using Temporalio.Client;
using TemporalSagas.Client;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.SagaConsole;

/// <summary>
/// A form over a request record: the body is read by <see cref="ConsoleJson"/>, the saga's own input check
/// (<c>Problems()</c> of its input record, the one the CLI and the workflow use) is mapped to the field each problem
/// starts with, and only a valid input is started.
/// </summary>
public abstract class SagaConsoleForm<TRequest, TInput> : ISagaConsoleForm
    where TRequest : class
{
    public abstract SagaDescriptor Saga { get; }

    public abstract string Title { get; }

    public Type RequestType => typeof(TRequest);

    public abstract IReadOnlyList<ConsoleField> Fields { get; }

    public abstract IReadOnlyList<string> FaultSteps { get; }

    /// <summary>The phrase each input problem starts with and the JSON field it is about ("flight id" → flightId).</summary>
    protected abstract IReadOnlyList<(string Phrase, string Field)> ProblemFields { get; }

    public async Task<WorkflowHandle> StartAsync(ConsoleStart start, HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await ConsoleJson.ReadAsync<TRequest>(request, cancellationToken);
        var input = ToInput(body);
        if (Problems(input) is [var problem, ..])
        {
            throw ConsoleProblem.BadInput(FieldOf(problem), problem);
        }

        try
        {
            await CheckDataAsync(start, input, cancellationToken);
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput)
        {
            // A check given the form's field names names the field itself; one written for the CLI names an option.
            var field = Fields.Any(f => f.Name == e.Option) ? e.Option! : FieldOf(e.Message);
            throw ConsoleProblem.BadInput(field, e.Message);
        }

        return await StartAsync(start, body, input, cancellationToken);
    }

    /// <summary>The workflow input; bad field values throw <see cref="ConsoleProblem.BadInput"/>.</summary>
    protected abstract TInput ToInput(TRequest request);

    /// <summary>The input record's own <c>Problems()</c>.</summary>
    protected abstract IReadOnlyList<string> Problems(TInput input);

    /// <summary>Checks against the worker's database, as the CLI makes them (none by default).</summary>
    protected virtual Task CheckDataAsync(ConsoleStart start, TInput input, CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract Task<WorkflowHandle> StartAsync(ConsoleStart start, TRequest request, TInput input, CancellationToken cancellationToken);

    // The first phrase found in the message names the field; the CLI's option names (--flight) are mapped too.
    private string FieldOf(string problem) =>
        ProblemFields
            .Select(p => (p.Field, At: problem.IndexOf(p.Phrase, StringComparison.Ordinal)))
            .Where(p => p.At >= 0)
            .OrderBy(p => p.At)
            .Select(p => p.Field)
            .FirstOrDefault() ?? "body";
}
