using Temporalio.Activities;
using Temporalio.Workflows;

namespace TemporalSagas.Load.Floor;

/// <summary>An activity that does nothing but answer: what is left of a step when the step itself costs nothing.</summary>
public sealed class FloorActivities
{
    [Activity]
    public Task<string> StepAsync(string previous) => Task.FromResult(previous + "+");
}

/// <summary>
/// The flight saga's shape without the saga: four activities in a row, the third always a regular activity (the
/// payment), the others local activities in local mode. No search attributes, details, ledger or database.
/// </summary>
[Workflow]
public sealed class FloorWorkflow
{
    private static readonly ActivityOptions Remote = new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) };
    private static readonly LocalActivityOptions Local = new() { StartToCloseTimeout = TimeSpan.FromSeconds(30) };

    [WorkflowRun]
    public async Task<string> RunAsync(bool localSteps)
    {
        var result = string.Empty;
        for (var step = 0; step < 4; step++)
        {
            var previous = result;
            result = localSteps && step != 2
                ? await Workflow.ExecuteLocalActivityAsync((FloorActivities a) => a.StepAsync(previous), Local)
                : await Workflow.ExecuteActivityAsync((FloorActivities a) => a.StepAsync(previous), Remote);
        }

        return result;
    }
}
