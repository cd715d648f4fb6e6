using System.CommandLine;
using Spectre.Console;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class ReviewResolveCommand
{
    public const string SignalName = "ResolveManualReview";

    private static readonly Argument<string> Id = new("id") { Description = "Workflow id or the saga's own id" };
    private static readonly Option<string> Action = new("--action")
    {
        Description = "retry: re-run the failed compensations; resolved: an operator fixed it by hand",
        Required = true,
    };

    private static readonly Option<string> Operator = new("--operator") { Description = "Who decided", Required = true };
    private static readonly Option<string?> Note = new("--note");

    public static Command Create()
    {
        Action.AcceptOnlyFromAmong("retry", "resolved");
        var command = new Command("resolve", "Resolve a saga waiting for manual review (signal ResolveManualReview)")
        {
            Id, Action, Operator, Note,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var decision = new ReviewDecision(
                parse.GetValue(Action) == "retry" ? ReviewAction.RetryCompensations : ReviewAction.MarkResolved,
                parse.GetValue(Operator)!, parse.GetValue(Note));
            if (decision.Problem() is { } problem)
            {
                throw CliException.BadInput($"--operator: {problem}");
            }

            var client = await TemporalConnector.ConnectAsync(parse, cancellationToken);
            var handle = await SagaLookup.FindAsync(client, parse.GetValue(Id)!);
            var state = await SagaLookup.GetStateAsync(handle);
            if (state.Status != SagaStatus.ManualReviewRequired)
            {
                throw CliException.BadInput($"saga {handle.Id} is not awaiting manual review (status: {state.Status})");
            }

            await handle.SignalAsync(SignalName, [decision]);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(new { workflowId = handle.Id, decision });
            }
            else
            {
                AnsiConsole.MarkupLine($"sent {decision.Action} to [bold]{Markup.Escape(handle.Id)}[/] as {Markup.Escape(decision.Operator)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
