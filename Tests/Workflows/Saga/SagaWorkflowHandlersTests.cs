using Temporalio.Workflows;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>Every saga workflow answers the state query and the review (update with validator, compatibility signal)
/// under the names clients and recorded histories use; a new saga cannot forget them.</summary>
public class SagaWorkflowHandlersTests
{
    private static readonly List<Type> Workflows = typeof(FlightBookingWorkflow).Assembly.GetTypes()
        .Where(t => t.GetCustomAttributes(typeof(WorkflowAttribute), false).Length > 0).ToList();

    public static TheoryData<Type> WorkflowTypes() => new(Workflows);

    [Theory]
    [MemberData(nameof(WorkflowTypes))]
    public void Definition_EverySagaWorkflow_HasTheStateQueryAndTheReviewHandlers(Type workflow)
    {
        var definition = WorkflowDefinition.Create(workflow);

        definition.Queries.Should().ContainKey("GetState");
        definition.Updates.Should().ContainKey("ResolveManualReview");
        workflow.GetMethods().Should().Contain(
            m => m.GetCustomAttributes(typeof(WorkflowUpdateValidatorAttribute), true).Length > 0
                && m.Name == "ValidateResolveManualReview",
            "a decision is refused before it enters the history");
        definition.Signals.Should().ContainKey("ResolveManualReview");
    }

    [Fact]
    public void WorkflowTypes_AllButTheAppointmentSync_TakeTheHandlersFromTheBase()
    {
        var types = Workflows;

        types.Should().HaveCountGreaterThan(5);
        types.Where(t => !typeof(SagaWorkflowBase).IsAssignableFrom(t)).Select(t => t.Name)
            .Should().Equal(["AppointmentSyncWorkflow"], "the sync's local review answers before the engine's");
    }
}
