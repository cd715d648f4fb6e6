using System.Text.Json;
using Temporalio.Converters;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// camelCase JSON for every payload, so results read the same in the Web UI, <c>--json</c> output and the
/// recorded histories. Clients, workers and the replayer must all use it.
/// </summary>
public static class SagaDataConverter
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static readonly DataConverter Instance = DataConverter.Default with
    {
        PayloadConverter = new DefaultPayloadConverter(JsonOptions),
    };
}
