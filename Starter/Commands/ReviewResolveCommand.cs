using System.CommandLine;
using Spectre.Console;
using Temporalio.Exceptions;
using TemporalSagas.Client;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class ReviewResolveCommand
{
    /// <summary>The update every saga workflow declares; its validator says why a decision cannot be taken.</summary>
    public const string UpdateName = SagaReview.UpdateName;

    private static readonly Argument<string> Id = new("id") { Description = "Workflow id or the saga's own id" };
    private static readonly Option<string> Action = new("--action")
    {
        Description = "What to do (each action is explained above)",
        Required = true,
    };

    private static readonly Option<string?> Step = new("--step")
    {
        Description = "skip: the failed compensation undone by hand (COMPENSATE_X or X, as the ledger shows it); " +
            "retry-step: the stuck step (optional; it must be the one waiting)",
    };

    private static readonly Option<string> Operator = new("--operator")
    {
        Description = $"Who decided (at most {ReviewDecision.MaxOperatorLength} characters)",
        Required = true,
    };

    private static readonly Option<string?> Note = new("--note")
    {
        Description = $"What you did (at most {ReviewDecision.MaxNoteLength} characters); skip needs it: how the step was undone",
    };

    // One line per action: the help wraps an option's description, not the command's lines.
    private static string Description =>
        "Resolve a saga waiting for manual review (update ResolveManualReview). Actions:\n" +
        string.Join("\n", ReviewActionNames.Words.Select(w => $"  {w.Word,-11} {w.Meaning}"));

    public static Command Create(CliContext context)
    {
        Action.AcceptOnlyFromAmong([.. ReviewActionNames.Words.Select(w => w.Word)]);
        var command = new Command("resolve", Description)
        {
            Id, Action, Step, Operator, Note,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = CliBounds.LookupId("id", parse.GetValue(Id)!);
            var decision = new ReviewDecision(
                ReviewActionNames.Parse(parse.GetValue(Action))!.Value,
                parse.GetValue(Operator)!, parse.GetValue(Note), parse.GetValue(Step));
            if (ReviewActionNames.Check(decision) is { } bad)
            {
                var option = $"--{bad.Field}";
                throw CliException.BadInput($"{option}: {bad.Problem}", option);
            }

            var client = await CliConnection.ConnectAsync(parse, cancellationToken);
            var handle = await SagaLookup.FindAsync(client, id);
            ReviewAnswer answer;
            try
            {
                answer = await handle.ExecuteUpdateAsync<ReviewAnswer>(
                    UpdateName, [decision], new() { Rpc = new() { CancellationToken = cancellationToken } });
            }
            catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException { ErrorType: SagaErrors.ReviewRejected } rejected)
            {
                throw new CliException(ExitCodes.BadInput, CliErrorTypes.ReviewRejected, $"{handle.Id}: {rejected.Message}");
            }
            catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
            {
                // The workflow has closed: no update handler runs any more.
                var state = await SagaLookup.GetStateAsync(handle);
                throw new CliException(
                    ExitCodes.BadInput, CliErrorTypes.ReviewRejected,
                    $"{handle.Id}: review decision rejected: the saga has finished ({state.Status})");
            }

            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, new { workflowId = handle.Id, decision, answer });
            }
            else
            {
                var step = decision.Step is { Length: > 0 } named ? $" ({Markup.Escape(named)})" : string.Empty;
                context.Console.Ansi.MarkupLine(
                    $"[bold]{Markup.Escape(handle.Id)}[/]: {decision.Action}{step} by {Markup.Escape(decision.Operator)} accepted; " +
                    $"the saga is {Markup.Escape(answer.WillDo)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
