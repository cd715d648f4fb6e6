using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalSagas.Tests.Support;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>Idempotency keys are scoped to the saga's first run: stable within it, new for a reused workflow id.</summary>
[Collection(TimeSkippingCollection.Name)]
public class SagaEngineKeyTests(TimeSkippingFixture fixture) : SagaEngineTestBase(fixture)
{
    [Fact]
    public async Task RunAsync_StepsCompensationsAndChecks_CarryKeysScopedToTheFirstRun()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var handle = await StartAsync(tq, new([new("A"), new("B", Fail: true)]));
            await handle.GetResultAsync();

            var scope = $"{handle.Id}/{handle.FirstExecutionRunId}";
            acts.Keys.Should().Equal($"{scope}/A", $"{scope}/B", $"{scope}/compensate/A");
        });
    }

    [Fact]
    public async Task RunAsync_WorkflowIdReusedAfterTheFirstRunClosed_GetsNewKeysAndReplaysNothing()
    {
        var acts = new FakeStepActivities();
        await RunEngineAsync(acts, async tq =>
        {
            var id = $"engine-reused-{Guid.NewGuid()}";
            var input = new EngineTestInput([new("A"), new("B")]);
            var first = await StartAsync(tq, input, id);
            await first.GetResultAsync();
            var firstKeys = acts.Keys.ToList();

            var second = await Client.StartWorkflowAsync(
                (EngineTestWorkflow wf) => wf.RunAsync(input),
                new WorkflowOptions(id, tq) { IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate });
            await second.GetResultAsync();

            second.FirstExecutionRunId.Should().NotBe(first.FirstExecutionRunId);
            var secondKeys = acts.Keys.Skip(firstKeys.Count).ToList();
            secondKeys.Should().Equal($"{id}/{second.FirstExecutionRunId}/A", $"{id}/{second.FirstExecutionRunId}/B");
            secondKeys.Should().NotIntersectWith(firstKeys, "a key shared with the first run would return that run's effects");
            acts.Effects.Should().HaveCount(4, "each run committed its own two effects");
        });
    }
}
