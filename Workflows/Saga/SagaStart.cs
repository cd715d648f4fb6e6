using Temporalio.Common;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// How a client starts a saga: its search attributes (<c>SagaType</c>, <c>SagaStatus = Running</c>) go with the start
/// request, so the saga is listed by type from its first moment and its workflow does not spend a history event and a
/// visibility write upserting them on its first task (<see cref="SagaLedger.Start"/> skips the upsert when they are
/// there). A saga started without them (an older client, the Web UI, <c>temporal workflow start</c>) upserts them itself.
/// </summary>
public static class SagaStart
{
    public static SearchAttributeCollection SearchAttributes(string sagaType) => new SearchAttributeCollection.Builder()
        .Set(SagaSearchAttributes.SagaType, sagaType)
        .Set(SagaSearchAttributes.SagaStatus, nameof(SagaStatus.Running))
        .ToSearchAttributeCollection();

}
