namespace TemporalSagas.Workflows.Saga;

public static class SagaTaskQueue
{
    /// <summary>The task queue every saga workflow and activity runs on unless configured otherwise.</summary>
    public const string Default = "sagas";
}
