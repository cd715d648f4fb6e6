using System.CommandLine;
using TemporalSagas.Client;
using TemporalSagas.SagaConsole.Codec;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Starter.Commands;

/// <summary><c>starter codec-server</c>: serves /encode and /decode with the keys of SAGAS_ENCRYPTION_KEYS.</summary>
public static class CodecServerCommand
{
    private static readonly Option<int> Port = new("--port") { Description = "Port to listen on", DefaultValueFactory = _ => 8081 };

    private static readonly Option<string[]> UiOrigin = new("--ui-origin")
    {
        Description = "Origin of the Temporal Web UI allowed to call this server (repeatable)",
        DefaultValueFactory = _ => ["http://localhost:8233"],
        AllowMultipleArgumentsPerToken = true,
    };

    public static Command Create(CliContext context)
    {
        var command = new Command(
            "codec-server",
            $"Serve the payload codec for the Temporal Web UI (--ui-codec-endpoint) with the keys of {PayloadEncryptionKeys.KeysVariable}")
        {
            Port, UiOrigin,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var port = CliBounds.Range("--port", parse.GetValue(Port), 1, 65535);
            var origins = parse.GetValue(UiOrigin)!;
            foreach (var origin in origins)
            {
                if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
                {
                    throw CliException.BadInput($"--ui-origin must be an origin like http://localhost:8233 (got '{origin}')", "--ui-origin");
                }
            }

            var keys = PayloadEncryptionKeys.FromEnvironment()
                ?? throw CliException.BadInput($"{PayloadEncryptionKeys.KeysVariable} is not set: there is nothing to decode with");
            await using var app = CodecServer.Build(new AesGcmPayloadCodec(keys), $"http://127.0.0.1:{port}", origins);
            await app.StartAsync(cancellationToken);
            context.Console.Error.WriteLine(
                $"codec server on http://127.0.0.1:{port} (key {keys.ActiveKeyId}, {keys.KeyIds.Count} known); start the UI with --ui-codec-endpoint http://127.0.0.1:{port}");
            // Runs until Ctrl+C; stopping is the normal end, so it exits 0.
            var stopped = new TaskCompletionSource();
            await using (cancellationToken.Register(() => stopped.TrySetResult()))
            {
                await stopped.Task;
            }

            await app.StopAsync(CancellationToken.None);
            return ExitCodes.Success;
        });
        return command;
    }
}
