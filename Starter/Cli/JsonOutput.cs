using System.Text.Encodings.Web;
using System.Text.Json;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Cli;

public static class JsonOutput
{
    // Relaxed escaping: the output is read by people and scripts, never embedded in HTML ("'" stays "'", not \u0027).
    public static readonly JsonSerializerOptions Options = new(SagaDataConverter.JsonOptions)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(CliConsole console, object value) => console.Out.WriteLine(JsonSerializer.Serialize(value, Options));

    /// <summary>With --json an error is the one document on stdout, so a script parses every outcome the same way.</summary>
    public static void WriteError(CliConsole console, int exitCode, string type, string message, string? option = null) =>
        Write(console, new { error = new { exitCode, type, message, option } });
}
