using Temporalio.Common;

namespace TemporalSagas.Workflows.Saga;

/// <summary>Keyword search attributes every saga keeps current, so the Web UI and <c>saga list</c> can filter.</summary>
public static class SagaSearchAttributes
{
    public static readonly SearchAttributeKey<string> SagaType = SearchAttributeKey.CreateKeyword("SagaType");
    public static readonly SearchAttributeKey<string> SagaStatus = SearchAttributeKey.CreateKeyword("SagaStatus");
    public static readonly SearchAttributeKey<string> SagaFailedStep = SearchAttributeKey.CreateKeyword("SagaFailedStep");

    public static readonly IReadOnlyList<SearchAttributeKey> All = [SagaType, SagaStatus, SagaFailedStep];
}
