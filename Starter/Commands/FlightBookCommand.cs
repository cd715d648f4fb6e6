using System.CommandLine;
using Spectre.Console;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Commands;

public static class FlightBookCommand
{
    private static readonly Option<string> Flight = new("--flight") { Description = "Flight id", Required = true };
    private static readonly Option<string> User = new("--user") { Description = "User id", Required = true };
    private static readonly Option<int> Passengers = new("--passengers") { Description = "1-9", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> SeatClass = new("--class")
    {
        Description = "economy, business or first",
        DefaultValueFactory = _ => "economy",
    };

    private static readonly Option<decimal> Fare = new("--fare") { Description = "Total fare", Required = true };
    private static readonly Option<int> Points = new("--points") { Description = "Loyalty points to use (1 point = 0.01)" };
    private static readonly Option<string> PaymentMethod = new("--payment-method") { DefaultValueFactory = _ => "card" };
    private static readonly Option<string?> Id = new("--id") { Description = "Saga id; the workflow id is flight-booking-{id}" };
    private static readonly Option<string?> FailAt = new("--fail-at") { Description = "Simulate a failure at STEP" };
    private static readonly Option<string?> TransientAt = new("--transient-at") { Description = "Simulate transient failures at STEP" };
    private static readonly Option<int> TransientFailures = new("--transient-failures")
    {
        Description = "How many attempts of --transient-at fail (default 2)",
        DefaultValueFactory = _ => 2,
    };

    private static readonly Option<string?> FailCompensationOf = new("--fail-compensation-of")
    {
        Description = "Make the compensation of STEP fail until an operator reviews it",
    };

    private static readonly Option<bool> NoWait = new("--no-wait") { Description = "Print the saga id and return at once" };
    private static readonly Option<string> TaskQueue = new("--task-queue") { DefaultValueFactory = _ => SagaTaskQueue.Default };

    // Workflow input problems start with these phrases; the CLI names the option instead.
    private static readonly (string Phrase, string Option)[] OptionNames =
    [
        ("flight id", "--flight"), ("user id", "--user"), ("passengers", "--passengers"), ("seat class", "--class"),
        ("total fare", "--fare"), ("loyalty points", "--points"), ("payment method", "--payment-method"),
    ];

    public static Command Create()
    {
        var command = new Command("book", "Book a flight as a saga")
        {
            Flight, User, Passengers, SeatClass, Fare, Points, PaymentMethod, Id, FailAt, TransientAt, TransientFailures,
            FailCompensationOf, NoWait, TaskQueue,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var input = ReadInput(parse);
        var id = parse.GetValue(Id);
        if (id is not null && (string.IsNullOrWhiteSpace(id) || id.Any(char.IsWhiteSpace)))
        {
            throw CliException.BadInput($"--id must be non-empty without spaces (got '{id}')");
        }

        await FlightCatalogCheck.EnsureFlightExistsAsync(input.FlightId, cancellationToken);

        var client = await TemporalConnector.ConnectAsync(parse, cancellationToken);
        var workflowId = FlightBookingWorkflow.WorkflowId(id ?? Guid.NewGuid().ToString("N"));
        var handle = await client.StartWorkflowAsync(
            (FlightBookingWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(workflowId, parse.GetValue(TaskQueue)!)
            {
                IdConflictPolicy = WorkflowIdConflictPolicy.UseExisting,
                StaticSummary = $"{input.Passengers} {input.SeatClass} on {input.FlightId} for {input.UserId}",
            });

        var json = parse.GetValue(GlobalOptions.Json);
        if (parse.GetValue(NoWait))
        {
            if (json)
            {
                JsonOutput.Write(new { workflowId, runId = handle.ResultRunId });
            }
            else
            {
                AnsiConsole.MarkupLine($"started [bold]{workflowId}[/]");
            }

            return ExitCodes.Success;
        }

        var outcome = await FlightSagaWaiter.WaitAsync(handle, null, cancellationToken);
        return Report(workflowId, outcome, json);
    }

    private static FlightBookingInput ReadInput(ParseResult parse)
    {
        var faults = new FaultPlan(
            StepOption(parse, FailAt), StepOption(parse, TransientAt), parse.GetValue(TransientFailures),
            StepOption(parse, FailCompensationOf));
        if (faults.TransientFailures < 0)
        {
            throw CliException.BadInput($"--transient-failures cannot be negative (got {faults.TransientFailures})");
        }

        var input = new FlightBookingInput(
            parse.GetValue(Flight)!, parse.GetValue(User)!, parse.GetValue(Passengers), parse.GetValue(SeatClass)!,
            parse.GetValue(Fare), parse.GetValue(Points), parse.GetValue(PaymentMethod)!,
            faults.IsEmpty ? null : faults);
        if (input.Problems() is [var problem, ..])
        {
            var (phrase, option) = OptionNames.FirstOrDefault(n => problem.StartsWith(n.Phrase, StringComparison.Ordinal));
            throw CliException.BadInput(option is null ? problem : $"{option} {problem[phrase.Length..].TrimStart()}");
        }

        return input;
    }

    private static string? StepOption(ParseResult parse, Option<string?> option)
    {
        var step = parse.GetValue(option);
        if (step is null)
        {
            return null;
        }

        step = step.ToUpperInvariant().Replace('-', '_');
        return FlightSteps.All.Contains(step)
            ? step
            : throw CliException.BadInput(
                $"{option.Name}: unknown step '{parse.GetValue(option)}' (steps: {string.Join(", ", FlightSteps.All)})");
    }

    private static int Report(string workflowId, FlightSagaOutcome outcome, bool json)
    {
        if (json)
        {
            JsonOutput.Write(outcome.Result ?? (object?)outcome.AwaitingReview ?? new { workflowId, error = outcome.WorkflowError });
        }
        else if (outcome.Result is { } result)
        {
            AnsiConsole.MarkupLine(result.Success
                ? $"[green]booked[/] {workflowId}: booking reference [bold]{result.BookingReference}[/]"
                : $"[yellow]{result.Status}[/] {workflowId}: {Markup.Escape(result.FailedStep ?? string.Empty)} " +
                  $"failed: {Markup.Escape(result.Error ?? string.Empty)}");
            AnsiConsole.Write(SagaStateView.Ledger(result.SagaLog));
        }
        else if (outcome.AwaitingReview is { } state)
        {
            SagaStateView.Write(state);
            AnsiConsole.MarkupLine(
                $"[red]awaiting manual review[/]: starter review resolve {workflowId} --action retry|resolved --operator NAME");
        }
        else
        {
            AnsiConsole.MarkupLine($"[red]failed[/] {workflowId}: {Markup.Escape(outcome.WorkflowError ?? string.Empty)}");
        }

        return outcome.Success ? ExitCodes.Success : ExitCodes.SagaFailed;
    }
}
