using System.Text.Json;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

public static class JsonOutput
{
    public static readonly JsonSerializerOptions Options = new(SagaDataConverter.JsonOptions) { WriteIndented = true };

    public static void Write(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Options));
}
