using System.CommandLine;
using Spectre.Console;
using TemporalSagas.Starter.Commands;

namespace TemporalSagas.Starter.Cli;

public static class StarterCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("TemporalSagas starter: start, inspect and resolve sagas")
        {
            GlobalOptions.Address, GlobalOptions.Namespace, GlobalOptions.Json,
            new Command("flight", "Flight booking sagas") { FlightBookCommand.Create() },
            new Command("saga", "Any saga") { SagaStatusCommand.Create(), SagaListCommand.Create(), SagaHistoryCommand.Create() },
            new Command("review", "Sagas waiting for an operator") { ReviewListCommand.Create(), ReviewResolveCommand.Create() },
            DemoCommand.Create(),
            LoadCommand.Create(),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // Piped or captured output has no terminal width; Spectre would squeeze tables into 80 columns.
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) ? columns : 160;
        }

        var parse = Build().Parse(args);
        if (parse.Errors is [var first, ..])
        {
            // "Unrecognized command 'x'" says more than the "required command" error System.CommandLine lists first.
            first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? first;
            // One line: System.CommandLine lists allowed values on extra lines.
            var message = string.Join(' ', first.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
            await Console.Error.WriteLineAsync($"error: {message}");
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // Time for the demo to stop its worker and dev server after Ctrl+C.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
            });
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("cancelled");
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // the last line of defence: one line and exit code 4, never a stack dump
        catch (Exception e)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"unexpected error: {e.GetType().Name}: {e.Message}");
            return ExitCodes.Unexpected;
        }
    }
}
