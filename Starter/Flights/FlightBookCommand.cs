using System.CommandLine;
using Spectre.Console;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client;
using TemporalSagas.Client.Flights;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Flights;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Flights;

public static class FlightBookCommand
{
    private static readonly FaultOptions Faults = new(FlightSteps.All);
    private static readonly Option<string> Flight = new("--flight") { Description = "Flight id", Required = true };
    private static readonly Option<string> User = new("--user") { Description = "User id (needs a loyalty account)", Required = true };
    private static readonly Option<int> Passengers = new("--passengers")
    {
        Description = $"1-{FlightBookingInput.MaxPassengers}",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string> SeatClass = new("--class")
    {
        Description = "economy, business or first",
        DefaultValueFactory = _ => "economy",
    };

    private static readonly Option<decimal> Fare = new("--fare") { Description = "Total fare", Required = true };
    private static readonly Option<int> Points = new("--points") { Description = "Loyalty points to use (1 point = 0.01)" };
    private static readonly Option<string> PaymentMethod = new("--payment-method") { DefaultValueFactory = _ => "card" };
    private static readonly Option<string?> Id = new("--id")
    {
        Description = "Saga id (1-64 of A-Z a-z 0-9 . _ -); the workflow id is flight-booking-{id}. While that saga runs the " +
            "command attaches to it; once it has finished the id is refused",
    };

    private static readonly Option<bool> LocalSteps = new("--local-steps")
    {
        Description = "Run the steps that only write the worker's database as local activities",
    };

    private static readonly Option<bool> NoWait = new("--no-wait") { Description = "Print the saga id and return at once" };
    private static readonly Option<string> TaskQueue = new("--task-queue") { DefaultValueFactory = _ => SagaTaskQueue.Default };

    // Input problems start with the field they name (FlightBookingInput.Problems, the workflow's check); the CLI names the option.
    private static readonly (string Phrase, string Option)[] OptionNames =
    [
        ("flight id", "--flight"), ("user id", "--user"), ("passengers", "--passengers"), ("seat class", "--class"),
        ("total fare", "--fare"), ("loyalty points", "--points"), ("payment method", "--payment-method"),
        ("slow seconds", "--slow-seconds"),
    ];

    public static Command Create(CliContext context)
    {
        var command = new Command("book", "Book a flight as a saga")
        {
            Flight, User, Passengers, SeatClass, Fare, Points, PaymentMethod, Id, LocalSteps, NoWait, TaskQueue,
        };
        foreach (var option in Faults.All)
        {
            command.Add(option);
        }

        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CancellationToken cancellationToken)
    {
        var id = parse.GetValue(Id) is { } given ? CliBounds.SagaId(Id.Name, given) : null;
        var taskQueue = CliBounds.TaskQueue(TaskQueue.Name, parse.GetValue(TaskQueue)!);
        var input = ReadInput(parse);
        await FlightBookingCheck.EnsureExistsAsync(context, input, cancellationToken);

        var client = await CliConnection.ConnectAsync(parse, cancellationToken);
        var sagaId = id ?? FlightSagaClient.NewSagaId();
        var workflowId = FlightSagaClient.WorkflowId(sagaId);
        WorkflowHandle<FlightBookingWorkflow, FlightBookingResult> handle;
        try
        {
            // A retried command (same --id) attaches to the saga it started instead of booking twice; an id whose saga
            // has finished is refused: its ledger stays the one answer for that id.
            handle = await FlightSagaClient.StartAsync(
                client, input, sagaId, taskQueue, FlightSagaClient.Describe(input), cancellationToken: cancellationToken);
        }
        catch (WorkflowAlreadyStartedException)
        {
            throw new CliException(
                ExitCodes.BadInput, CliErrorTypes.SagaAlreadyRan,
                $"saga {workflowId} already ran ({await FinishedStatusAsync(client, workflowId)}); use another --id or `saga status {id}`",
                Id.Name);
        }

        var json = parse.GetValue(GlobalOptions.Json);
        if (parse.GetValue(NoWait))
        {
            if (json)
            {
                JsonOutput.Write(context.Console, new { workflowId, runId = handle.ResultRunId });
            }
            else
            {
                context.Console.Ansi.MarkupLine($"started [bold]{workflowId}[/]");
            }

            return ExitCodes.Success;
        }

        var outcome = await SagaWaiter.WaitAsync<FlightBookingResult>(handle, null, cancellationToken);
        if (outcome is { End: SagaEnd.Failed, ErrorType: SagaErrors.InvalidInput })
        {
            // The workflow's own check found what the CLI could not (e.g. no database to check against): bad input.
            throw BadInput(outcome.Error ?? "invalid input");
        }

        return FlightOutcomeView.Write(context.Console, outcome, json);
    }

    private static FlightBookingInput ReadInput(ParseResult parse)
    {
        var faults = Faults.Read(parse);
        var input = new FlightBookingInput(
            parse.GetValue(Flight)!, parse.GetValue(User)!, parse.GetValue(Passengers), parse.GetValue(SeatClass)!,
            parse.GetValue(Fare), parse.GetValue(Points), parse.GetValue(PaymentMethod)!,
            faults, parse.GetValue(LocalSteps));
        return input.Problems() is [var problem, ..] ? throw BadInput(problem) : input;
    }

    private static CliException BadInput(string problem)
    {
        // The workflow prefixes its message ("invalid input: flight id: ..."); the field is what names the option.
        var (phrase, option) = OptionNames
            .Select(n => (n.Phrase, n.Option, At: problem.IndexOf(n.Phrase, StringComparison.Ordinal)))
            .Where(n => n.At >= 0)
            .OrderBy(n => n.At)
            .Select(n => (n.Phrase, n.Option))
            .FirstOrDefault();
        if (option is null)
        {
            return CliException.BadInput(problem);
        }

        // "flight id: unknown flight 'X'" → "--flight: unknown flight 'X'"; "passengers must be ..." → "--passengers must be ...".
        return CliException.BadInput(option + problem[(problem.IndexOf(phrase, StringComparison.Ordinal) + phrase.Length)..], option);
    }

    private static async Task<string> FinishedStatusAsync(ITemporalClient client, string workflowId)
    {
        var handle = client.GetWorkflowHandle(workflowId);
        try
        {
            return (await SagaLookup.GetStateAsync(handle)).Status.ToString();
        }
        catch (Exception e) when (e is CliException or RpcException or WorkflowQueryFailedException)
        {
            return (await handle.DescribeAsync()).Status.ToString();
        }
    }
}
