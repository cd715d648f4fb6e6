using System.CommandLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Client;
using TemporalSagas.Client.Checks;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.Commands;

/// <summary>
/// <c>verify</c>: every domain's invariants (<see cref="InvariantChecks"/>) against the worker's database, opened
/// read-only, and with <c>--temporal</c> the sagas' status in Temporal (<see cref="TemporalSagaCheck"/>). Exit 0 when
/// the books balance, 1 with every violation listed. Run it when no saga is in flight: a saga between two steps is, for
/// that moment, unbalanced.
/// </summary>
public static class VerifyCommand
{
    private static readonly Option<bool> Temporal = new("--temporal")
    {
        Description = "Also check Temporal (--address): no closed saga workflow left with SagaStatus Running or Compensating",
    };

    public static Command Create(CliContext context)
    {
        var command = new Command("verify", "Check the invariants of every saga domain against the database (read-only)");
        command.Options.Add(Temporal);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = parse.GetValue(GlobalOptions.Json);
            var temporal = parse.GetValue(Temporal);
            var settings = SagaDatabase.Settings(context.Configuration);
            var path = settings.Provider == DatabaseProvider.Sqlite
                ? new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource
                : $"PostgreSQL database {new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).Database}";
            if (settings.Provider == DatabaseProvider.Sqlite && !File.Exists(path))
            {
                throw CliException.BadInput($"no sagas database at {path}: nothing to verify (set ConnectionStrings__Sagas)");
            }

            await using var db = ReadOnlySagaDatabase.TryOpen(context, "verify")!;
            IReadOnlyList<InvariantViolation> violations;
            await using (var services = InvariantChecks.Services(context.Configuration))
            {
                try
                {
                    violations = await InvariantChecks.RunAllAsync(db, services, cancellationToken);
                }
                catch (Exception e) when (ReadOnlySagaDatabase.IsNotMigrated(e))
                {
                    throw CliException.BadInput($"the sagas database at {path} is not migrated yet (start a worker once)");
                }
            }

            var domains = InvariantChecks.All.Select(c => c.Domain).ToList();
            if (temporal)
            {
                // Unreachable is exit 3 (the connector's error): a check asked for and not made is not a pass.
                var client = await CliConnection.ConnectAsync(parse, cancellationToken);
                violations = [.. violations, .. await TemporalSagaCheck.CheckAsync(client, cancellationToken)];
                domains.Add(TemporalSagaCheck.Domain);
            }

            if (json)
            {
                JsonOutput.Write(context.Console, new { database = path, domains, ok = violations.Count == 0, violations });
            }
            else if (violations.Count == 0)
            {
                context.Console.Ansi.MarkupLine($"[green]ok[/]: no invariant violation in {string.Join(", ", domains)} ({Markup.Escape(path)})");
            }
            else
            {
                var table = new Table().AddColumns("domain", "invariant", "subject", "detail");
                foreach (var v in violations)
                {
                    table.AddRow(Markup.Escape(v.Domain), Markup.Escape(v.Invariant), Markup.Escape(v.Subject), Markup.Escape(v.Detail));
                }

                context.Console.Ansi.Write(table);
                context.Console.Ansi.MarkupLine($"[red]{violations.Count} invariant violation(s)[/] in {Markup.Escape(path)}");
            }

            return violations.Count == 0 ? ExitCodes.Success : ExitCodes.SagaFailed;
        });
        return command;
    }
}
