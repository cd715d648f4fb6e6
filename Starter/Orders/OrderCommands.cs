using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Orders;
using TemporalSagas.Activities.Orders.Data;
using TemporalSagas.Activities.Orders.Events;
using TemporalSagas.Client;
using TemporalSagas.Client.Orders;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Orders;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Orders;

/// <summary><c>order fulfill|approve|reject|show|list|rebuild-projection</c>.</summary>
public static class OrderCommands
{
    private static readonly Option<string> TaskQueue = new("--task-queue") { DefaultValueFactory = _ => SagaTaskQueue.Default };

    public static Command Create(CliContext context) => new("order", "Order fulfillment sagas (pharmacy shop)")
    {
        Fulfill(context), Approve(context.Console), Reject(context.Console), Show(context.Console), List(context.Console), Rebuild(context.Console),
    };

    private static Command Fulfill(CliContext context)
    {
        var console = context.Console;
        var orderId = new Option<string?>("--order-id") { Description = "Order id; the workflow id is order-{id} (default: a new one)" };
        var items = new Option<string[]>("--item") { Description = "SKU:QTY, repeat for each line", Required = true, AllowMultipleArgumentsPerToken = true };
        var address = new Option<string>("--ship-to", "--shipping-address") { Description = "Shipping address", Required = true };
        var prescription = new Option<bool>("--requires-prescription") { Description = "Ask a pharmacist even if no item needs it" };
        var deadline = new Option<string?>("--deadline") { Description = "Saga deadline: 90m, 24h, 2d or hh:mm:ss (default 24h)" };
        var faults = new FaultOptions(OrderSteps.All);
        var noWait = new Option<bool>("--no-wait") { Description = "Print the saga id and return at once" };
        var command = new Command("fulfill", "Start (or join) the saga of one order")
        {
            orderId, items, address, prescription, deadline, noWait, TaskQueue,
        };
        foreach (var option in faults.All)
        {
            command.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var input = new OrderFulfillmentInput(
                parse.GetValue(orderId) ?? $"ord-{Guid.NewGuid():N}"[..16],
                [.. parse.GetValue(items)!.Select(ParseItem)],
                parse.GetValue(address)!,
                parse.GetValue(prescription),
                ParseDeadline(parse.GetValue(deadline)),
                faults.Read(parse));
            if (input.Problems() is [var problem, ..])
            {
                throw CliException.BadInput(problem, CliBounds.OptionOf(
                    problem, "--fail-at", ("order id", "--order-id"), ("items", "--item"), ("shipping address", "--ship-to"), ("deadline", "--deadline")));
            }

            var taskQueue = CliBounds.TaskQueue("--task-queue", parse.GetValue(TaskQueue)!);
            ITemporalClient? connected = null;
            async Task<ITemporalClient> ClientAsync() => connected ??= await CliConnection.ConnectAsync(parse, ct);
            await OrderDataCheck.EnsureAsync(context, input, ClientAsync, ct);
            var client = await ClientAsync();
            var handle = await OrderSagaClient.StartAsync(client, input, taskQueue);
            var json = parse.GetValue(GlobalOptions.Json);
            if (parse.GetValue(noWait))
            {
                Write(console, json, new { workflowId = handle.Id, runId = handle.ResultRunId }, $"started [bold]{handle.Id}[/]: " +
                    $"approve with 'order approve {input.OrderId} --pharmacist NAME' when it waits for a pharmacist");
                return ExitCodes.Success;
            }

            return await WaitAsync(console, handle, json, ct);
        });
        return command;
    }

    private static Command Approve(CliConsole console)
    {
        var id = new Argument<string>("order-id");
        var pharmacist = new Option<string>("--pharmacist") { Required = true };
        var command = new Command(
            "approve", "Approve the order's prescription (update ApprovePrescription: answers once the saga took it, or says why not)") { id, pharmacist };
        command.SetAction(async (parse, ct) =>
        {
            var decision = new PrescriptionApproval(parse.GetValue(pharmacist)!);
            EnsureValid(decision.Problems());
            var handle = OrderSagaClient.Handle(await CliConnection.ConnectAsync(parse, ct), parse.GetValue(id)!);
            var answer = await DecideAsync(() => handle.ExecuteUpdateAsync(wf => wf.ApprovePrescriptionAsync(decision), new() { Rpc = new() { CancellationToken = ct } }), handle.Id);
            Write(console, parse.GetValue(GlobalOptions.Json), new { workflowId = handle.Id, update = "ApprovePrescription", answer }, $"approved {handle.Id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reject(CliConsole console)
    {
        var id = new Argument<string>("order-id");
        var reason = new Option<string>("--reason") { Required = true };
        var pharmacist = new Option<string?>("--pharmacist");
        var command = new Command(
            "reject", "Reject the order's prescription (update RejectPrescription); the saga compensates") { id, reason, pharmacist };
        command.SetAction(async (parse, ct) =>
        {
            var decision = new PrescriptionRejection(parse.GetValue(reason)!, parse.GetValue(pharmacist));
            EnsureValid(decision.Problems());
            var handle = OrderSagaClient.Handle(await CliConnection.ConnectAsync(parse, ct), parse.GetValue(id)!);
            var answer = await DecideAsync(() => handle.ExecuteUpdateAsync(wf => wf.RejectPrescriptionAsync(decision), new() { Rpc = new() { CancellationToken = ct } }), handle.Id);
            Write(console, parse.GetValue(GlobalOptions.Json), new { workflowId = handle.Id, update = "RejectPrescription", answer }, $"rejected {handle.Id}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("order-id");
        var command = new Command("show", "The order's saga row and domain events, from the database") { id };
        command.SetAction(async (parse, ct) =>
        {
            var orderId = parse.GetValue(id)!;
            await using var db = await OrderDatabase.OpenAsync(ct);
            var row = await db.OrderFulfillmentSagas().AsNoTracking().FirstOrDefaultAsync(r => r.OrderId == orderId, ct)
                ?? throw CliException.BadInput($"no order '{orderId}' in the database");
            var events = await db.DomainEvents().AsNoTracking().Where(e => e.AggregateId == orderId).OrderBy(e => e.Sequence).ToListAsync(ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console, new { saga = row, compensationStack = OrderProjection.Stack(row), events });
                return ExitCodes.Success;
            }

            console.Ansi.MarkupLine($"[bold]{row.SagaId}[/] {row.State} started {row.StartedUtc:u}" +
                (row.CompletedUtc is { } done ? $", ended {done:u}" : string.Empty) +
                (row.FailureReason is { } reason ? $", reason [yellow]{Markup.Escape(reason)}[/]" : string.Empty));
            var table = new Table().AddColumns("#", "event", "occurred (UTC)", "payload");
            foreach (var e in events)
            {
                table.AddRow(e.Sequence.ToString(CultureInfo.InvariantCulture), e.EventType, e.OccurredUtc.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(e.PayloadJson));
            }

            console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliConsole console)
    {
        var pending = new Option<bool>("--pending") { Description = "Sagas not finished yet" };
        var failed = new Option<bool>("--failed") { Description = "Sagas that failed, timed out or were cancelled" };
        var olderThan = new Option<double?>("--older-than-hours") { Description = "Started more than N hours ago (0-87600)" }.Within(0, 87_600);
        var command = new Command("list", "Order sagas from the SQL projection (order_fulfillment_sagas)") { pending, failed, olderThan };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await OrderDatabase.OpenAsync(ct);
            var query = db.OrderFulfillmentSagas().AsNoTracking();
            if (parse.GetValue(pending))
            {
                query = query.Where(r => !OrderSagaStates.Final.Contains(r.State));
            }

            if (parse.GetValue(failed))
            {
                query = query.Where(r => OrderSagaStates.Unsuccessful.Contains(r.State));
            }

            if (parse.GetValue(olderThan) is { } hours)
            {
                var before = DateTime.UtcNow.AddHours(-hours);
                query = query.Where(r => r.StartedUtc < before);
            }

            var rows = await query.OrderBy(r => r.StartedUtc).Take(500).ToListAsync(ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(console, rows);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("order", "saga", "state", "started (UTC)", "ended (UTC)", "reason");
            foreach (var r in rows)
            {
                table.AddRow(r.OrderId, r.SagaId, r.State, r.StartedUtc.ToString("u", CultureInfo.InvariantCulture),
                    r.CompletedUtc?.ToString("u", CultureInfo.InvariantCulture) ?? "", r.FailureReason ?? "");
            }

            console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Rebuild(CliConsole console)
    {
        var command = new Command("rebuild-projection", "Recompute order_fulfillment_sagas from domain_events");
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await OrderDatabase.OpenAsync(ct);
            var rows = await OrderProjection.RebuildAsync(db, ct);
            Write(console, parse.GetValue(GlobalOptions.Json), new { rows }, $"rebuilt {rows} order saga row(s) from the events");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<int> WaitAsync(CliConsole console, WorkflowHandle<OrderFulfillmentWorkflow, OrderFulfillmentResult> handle, bool json, CancellationToken ct)
    {
        OrderFulfillmentResult result;
        try
        {
            result = await handle.GetResultAsync(rpcOptions: new() { CancellationToken = ct });
        }
        catch (WorkflowFailedException e) when (e.InnerException is ApplicationFailureException { ErrorType: SagaErrors.InvalidInput } invalid)
        {
            throw CliException.BadInput(invalid.Message);
        }

        if (json)
        {
            JsonOutput.Write(console, result);
        }
        else
        {
            console.Ansi.MarkupLine(result.Success
                ? $"[green]fulfilled[/] {handle.Id}: tracking number [bold]{result.TrackingNumber}[/]"
                : $"[yellow]{result.Status}[/] {handle.Id}: {Markup.Escape(result.FailureReason ?? "")} — {Markup.Escape(result.Error ?? "")}");
            console.Ansi.Write(SagaStateView.Ledger(result.SagaLog));
        }

        return result.Success ? ExitCodes.Success : ExitCodes.SagaFailed;
    }

    // Each problem starts with its field's name, which is its option's name.
    private static void EnsureValid(IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            throw CliException.BadInput(string.Join("; ", problems), "--" + problems[0].Split(' ')[0]);
        }
    }

    // A refused decision (already decided, no prescription needed, the saga no longer waits) is the caller's to fix: exit 2
    // with the workflow's reason and error type; an unknown or closed saga likewise.
    private static async Task<PrescriptionDecisionAnswer> DecideAsync(Func<Task<PrescriptionDecisionAnswer>> update, string workflowId)
    {
        try
        {
            return await update();
        }
        catch (WorkflowUpdateFailedException e) when (e.InnerException is ApplicationFailureException failure)
        {
            throw new CliException(ExitCodes.BadInput, failure.ErrorType ?? CliErrorTypes.InvalidInput, failure.Message);
        }
        catch (RpcException e) when (e.Code is RpcException.StatusCode.NotFound or RpcException.StatusCode.FailedPrecondition)
        {
            throw new CliException(ExitCodes.BadInput, OrderErrors.NotAwaitingApproval, $"no running saga {workflowId} ({e.Message})");
        }
    }

    private static OrderLine ParseItem(string item) =>
        item.Split(':') is [var sku, var quantity] && int.TryParse(quantity, CultureInfo.InvariantCulture, out var count)
            ? new OrderLine(sku.Trim().ToUpperInvariant(), count)
            : throw CliException.BadInput($"--item must be SKU:QTY (got '{item}')");

    private static TimeSpan? ParseDeadline(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > 1 && double.TryParse(text[..^1], CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (text[^1])
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw CliException.BadInput($"--deadline must look like 90m, 24h, 2d or hh:mm:ss (got '{text}')");
    }

    private static void Write(CliConsole console, bool json, object value, string markup)
    {
        if (json)
        {
            JsonOutput.Write(console, value);
        }
        else
        {
            console.Ansi.MarkupLine(markup);
        }
    }
}
