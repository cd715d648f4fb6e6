using System.CommandLine;
using Microsoft.Extensions.Configuration;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Commands;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Starter;

public static class StarterCli
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("TemporalSagas starter: start, inspect and resolve sagas")
        {
            GlobalOptions.Address, GlobalOptions.Namespace, GlobalOptions.Json,
        };
        foreach (var option in GlobalOptions.ConnectionSecurity)
        {
            root.Add(option);
        }

        // One line per command group. Each saga domain brings its own group through an ISagaCliModule.
        foreach (var module in SagaCliModules.All)
        {
            root.Add(module.CreateCommand(context));
        }

        root.Add(SagaCommands.Create(context));
        root.Add(ReviewCommands.Create(context));
        root.Add(DemoCommand.Create(context));
        root.Add(LoadCommand.Create(context));
        root.Add(CodecServerCommand.Create(context));
        root.Add(SagaConsole.ServeCommand.Create(context));
        root.Add(VerifyCommand.Create(context));
        return root;
    }

    /// <summary>The process's entry point: its own stdout/stderr, Ctrl+C cancels.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var console = CliConsole.System();
        using var signals = new TerminationSignals(console.Error);
        return await RunAsync(args, console, overrides: null, signals.Token);
    }

    /// <param name="overrides">Configuration layered over the worker's (appsettings.json, environment), e.g. a test's database.</param>
    /// <param name="cancellationToken">Cancelling it ends the command with exit code 130, as Ctrl+C does.</param>
    public static async Task<int> RunAsync(
        string[] args, CliConsole console, IConfiguration? overrides = null, CancellationToken cancellationToken = default)
    {
        var context = new CliContext(console, CliContext.WorkerConfiguration(overrides));
        var root = Build(context);
        var parse = root.Parse(args);
        var json = JsonRequested(parse, args);
        if (parse.Errors is [var first, ..])
        {
            // "Unrecognized command 'x'" says more than the "required command" error System.CommandLine lists first.
            first = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? first;

            // One line: System.CommandLine lists allowed values on extra lines.
            var message = string.Join(' ', first.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
            var command = parse.CommandResult.Command;
            if (parse.UnmatchedTokens is [var typed, ..] && StarterHelp.Suggest(command, typed) is { } nearest)
            {
                message += $" Did you mean '{nearest}'?";
            }
            else if (!first.Message.StartsWith("Unrecognized", StringComparison.Ordinal) && command.Action is null && command.Subcommands.Count > 0)
            {
                // A group run without a command: say which there are (and, in a terminal, show the group's help).
                message = $"{StarterHelp.Path(command)} needs a command: {StarterHelp.Commands(command)} (see `{StarterHelp.Path(command)} --help`)";
                if (!json)
                {
                    console.Error.Write(StarterHelp.Render(root, command));
                }
            }

            var option = first.SymbolResult switch
            {
                System.CommandLine.Parsing.OptionResult o => o.Option.Name,
                System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option.Name,
                System.CommandLine.Parsing.ArgumentResult a => a.Argument.Name,
                _ => null,
            };
            return Fail(console, json, CliException.BadInput(message, option));
        }

        if (CliBounds.NonFinite(parse) is { } notANumber)
        {
            return Fail(console, json, notANumber);
        }

        if (parse.Action is System.CommandLine.Help.HelpAction)
        {
            console.Out.Write(StarterHelp.Render(parse));
            return ExitCodes.Success;
        }

        try
        {
            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    EnableDefaultExceptionHandler = false,
                    Output = console.Out,
                    Error = console.Error,

                    // Ctrl+C is TerminationSignals' (a second one forces the exit), not System.CommandLine's.
                    ProcessTerminationTimeout = null,
                },
                cancellationToken);
        }
        catch (CliException e)
        {
            return Fail(console, json, e);
        }
        catch (Activities.Data.DatabaseConfigurationException e)
        {
            return Fail(console, json, CliException.BadInput(e.Message, e.Message[..e.Message.IndexOf(' ', StringComparison.Ordinal)]));
        }
        catch (Exception e) when (NotADatabase(e) is { } sqlite)
        {
            // A path that is not a database (or cannot be one) is a configuration error the caller can fix: bad input.
            var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Activities.Data.SagaDatabase.ConnectionString(context.Configuration)).DataSource;
            return Fail(console, json, CliException.BadInput(
                $"ConnectionStrings:Sagas: {path} is not a usable SQLite database (SQLite error {sqlite.SqliteErrorCode}: {sqlite.Message.Split('\'')[1..].FirstOrDefault() ?? sqlite.Message})",
                "ConnectionStrings:Sagas"));
        }
        catch (Exception e) when (Unwrap(e) is PayloadEncryptedException encrypted)
        {
            return Fail(console, json, new CliException(ExitCodes.BadInput, CliErrorTypes.EncryptionKeyMissing, encrypted.Message));
        }
        catch (OperationCanceledException)
        {
            return Fail(console, json, new CliException(ExitCodes.Cancelled, CliErrorTypes.Cancelled, "cancelled"));
        }
#pragma warning disable CA1031 // the last line of defence: one line and exit code 4, never a stack dump
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(console, json, new CliException(
                ExitCodes.Unexpected, CliErrorTypes.Unexpected, $"unexpected error: {e.GetType().Name}: {OneLine(e.Message)}"));
        }
    }

    // SQLITE_IOERR (a directory), SQLITE_CORRUPT, SQLITE_CANTOPEN and SQLITE_NOTADB from the database the CLI opened (read-only) for its checks.
    private static Microsoft.Data.Sqlite.SqliteException? NotADatabase(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 10 or 11 or 14 or 26 } sqlite)
            {
                return sqlite;
            }
        }

        return null;
    }

    private static Exception Unwrap(Exception e)
    {
        for (var inner = e; ; inner = inner.InnerException)
        {
            if (inner is PayloadEncryptedException || inner.InnerException is null)
            {
                return inner;
            }
        }
    }

    private static int Fail(CliConsole console, bool json, CliException e)
    {
        // Messages quote the input: a CR, LF or ESC in it is shown escaped, never sent raw to the terminal.
        var message = CliBounds.Printable(e.Message);
        if (json)
        {
            JsonOutput.WriteError(console, e.ExitCode, e.Type, message, e.Option is null ? null : CliBounds.Printable(e.Option));
        }
        else
        {
            console.Error.WriteLine(e.ExitCode == ExitCodes.BadInput || e.ExitCode == ExitCodes.TemporalUnreachable
                ? $"error: {message}"
                : message);
        }

        return e.ExitCode;
    }

    // A parse that failed may not bind --json; the raw arguments still say whether the caller wants JSON.
    private static bool JsonRequested(ParseResult parse, string[] args)
    {
        try
        {
            return parse.GetValue(GlobalOptions.Json) || args.Contains(GlobalOptions.Json.Name);
        }
        catch (InvalidOperationException)
        {
            return args.Contains(GlobalOptions.Json.Name);
        }
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()));
}
