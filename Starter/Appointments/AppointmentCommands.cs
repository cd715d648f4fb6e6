using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Temporalio.Client;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Appointments.Data;
using TemporalSagas.Activities.Calcom;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client;
using TemporalSagas.Client.Appointments;
using TemporalSagas.Client.Checks;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Starter.Rendering;
using TemporalSagas.Workflows.Appointments;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Starter.Appointments;

/// <summary><c>appointment create|sync|composite|show|verify</c>.</summary>
public static class AppointmentCommands
{
    private static readonly Option<string> TaskQueue = new("--task-queue") { DefaultValueFactory = _ => SagaTaskQueue.Default };
    private static readonly Option<bool> NoWait = new("--no-wait") { Description = "Print the saga id and return at once" };
    private static readonly Option<string?> FailAt = new("--fail-at") { Description = "Simulate a failure at STEP (before its effect)" };
    private static readonly Option<string?> FailAfterEffectAt = new("--fail-after-effect-at") { Description = "Fail STEP's first attempt after its effect (e.g. a Cal.com answer lost)" };
    private static readonly Option<string?> TransientAt = new("--transient-at") { Description = "Fail STEP's first N attempts (--transient-failures)" };
    private static readonly Option<int> TransientFailures = new("--transient-failures") { DefaultValueFactory = _ => 2 };
    private static readonly Option<string?> FailCompensationOf = new("--fail-compensation-of") { Description = "Fail STEP's compensation once (non-retryably): manual review" };

    public static Command Create(CliContext context) => new("appointment", "Appointment sagas on Cal.com (or the simulated calendar)")
    {
        CreateCommand(context), Sync(context), Composite(context), Show(context), Verify(context), CalcomCheck(context),
    };

    private static Command CreateCommand(CliContext context)
    {
        var console = context.Console;
        var id = new Option<string?>("--id") { Description = "Appointment id; the workflow id is appointment-create-{id} (default: a new one)" };
        var email = new Option<string>("--email") { Description = "Customer e-mail (the customer is upserted by it)", Required = true };
        var name = new Option<string>("--name") { Description = "Customer name", Required = true };
        var start = new Option<string>("--start") { Description = "Start, ISO 8601 UTC (2026-12-01T09:00Z)", Required = true };
        var length = new Option<int>("--length") { Description = "Minutes", DefaultValueFactory = _ => 30 };
        var staff = new Option<string?>("--staff") { Description = "Book this staff member (default: the configured round-robin event type)" };
        var eventType = new Option<int?>("--event-type") { Description = "Cal.com event type id" };
        var timeZone = new Option<string>("--time-zone") { DefaultValueFactory = _ => "UTC" };
        var notes = new Option<string?>("--notes");
        var command = new Command("create", "Book Cal.com and record the appointment (no orphan on either side)")
        {
            id, email, name, start, length, staff, eventType, timeZone, notes, FailAt, FailAfterEffectAt, TransientAt, TransientFailures, NoWait, TaskQueue,
        };
        command.SetAction(async (parse, ct) =>
        {
            var input = new AppointmentCreationInput(
                parse.GetValue(id) ?? NewId("apt"),
                parse.GetValue(email)!,
                parse.GetValue(name)!,
                ParseUtc(parse.GetValue(start)!, "--start"),
                parse.GetValue(length),
                parse.GetValue(staff),
                parse.GetValue(eventType),
                parse.GetValue(timeZone)!,
                parse.GetValue(notes),
                Faults(parse));
            if (input.Problems(DateTime.UtcNow) is [var problem, ..])
            {
                throw CliException.BadInput(problem, CliBounds.OptionOf(
                    problem, "--fail-at", ("appointment id", "--id"), ("customer email", "--email"), ("customer name", "--name"), ("start", "--start"), ("length", "--length"),
                    ("staff", "--staff"), ("event type", "--event-type"), ("time zone", "--time-zone"), ("notes", "--notes")));
            }

            var taskQueue = CliBounds.TaskQueue("--task-queue", parse.GetValue(TaskQueue)!);
            var client = Connect(parse, ct);
            await AppointmentDataCheck.EnsureBookingAsync(
                context, input.AppointmentId, input.StaffId is null ? [] : [input.StaffId], AppointmentCreationWorkflow.WorkflowId(input.AppointmentId),
                "--id", "--staff", client, ct);
            var handle = await AppointmentSagaClient.StartCreationAsync(await client(), input, taskQueue);
            return await FinishAsync(console, parse, handle, () => handle.GetResultAsync(rpcOptions: new() { CancellationToken = ct }), r => r.Success, r =>
                r.Success
                    ? $"[green]booked[/] {handle.Id}: booking [bold]{r.Booking!.Uid}[/] ({r.Booking.Calendar}), staff {r.StaffId ?? "not assigned"}"
                    : $"[yellow]{r.Status}[/] {handle.Id}: {Markup.Escape(r.Error ?? string.Empty)}",
                r => r.SagaLog);
        });
        return command;
    }

    private static Command Sync(CliContext context)
    {
        var console = context.Console;
        var id = new Argument<string>("appointment-id");
        var action = new Option<string>("--action") { Description = "create|update|cancel|reschedule", Required = true };
        var newStart = new Option<string?>("--new-start") { Description = "Reschedule to this start, ISO 8601 UTC" };
        var reason = new Option<string?>("--reason");
        var retryDelay = new Option<double?>("--retry-delay-seconds") { Description = "First wait before the local update is retried (default 60)" }.Within(1, 3600);
        var maxRetries = new Option<int>("--max-retries") { Description = "Timer retries of the local update before manual review", DefaultValueFactory = _ => 5 };
        var command = new Command("sync", "Sync one appointment with Cal.com (workflow appointment-sync-{id}; one at a time)")
        {
            id, action, newStart, reason, retryDelay, maxRetries, FailAt, TransientAt, TransientFailures, FailCompensationOf, NoWait, TaskQueue,
        };
        command.SetAction(async (parse, ct) =>
        {
            var input = new AppointmentSyncInput(
                parse.GetValue(id)!,
                parse.GetValue(action)!.ToLowerInvariant(),
                parse.GetValue(newStart) is { } text ? ParseUtc(text, "--new-start") : null,
                parse.GetValue(reason),
                parse.GetValue(retryDelay) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                parse.GetValue(maxRetries),
                Faults(parse));
            if (input.Problems(DateTime.UtcNow) is [var problem, ..])
            {
                throw CliException.BadInput(problem, CliBounds.OptionOf(
                    problem, "--fail-at", ("appointment id", "appointment-id"), ("action", "--action"), ("new start", "--new-start"), ("reason", "--reason"),
                    ("local retry delay", "--retry-delay-seconds"), ("max local retries", "--max-retries")));
            }

            var taskQueue = CliBounds.TaskQueue("--task-queue", parse.GetValue(TaskQueue)!);
            var client = Connect(parse, ct);
            await AppointmentDataCheck.EnsureSyncAsync(context, input, client, ct);
            WorkflowHandle<AppointmentSyncWorkflow, AppointmentSyncResult> handle;
            try
            {
                handle = await AppointmentSagaClient.StartSyncAsync(await client(), input, taskQueue);
            }
            catch (SyncInProgressException e)
            {
                throw new CliException(ExitCodes.BadInput, SyncInProgressException.ErrorType, e.Message);
            }

            return await FinishAsync(console, parse, handle, () => AppointmentSagaClient.FirstOutcomeAsync(handle, ct), r => r.Success, r => r switch
            {
                { Success: true } => $"[green]synced[/] {handle.Id}: booking [bold]{r.BookingUid}[/], {r.SyncStatus} after {r.LocalRetries} local retr(ies)",
                { WillRetry: true } => $"[yellow]error[/] {handle.Id}: {Markup.Escape(r.Error ?? string.Empty)}; the saga retries the local update on a timer",
                _ => $"[yellow]{r.Status}[/] {handle.Id}: {Markup.Escape(r.Error ?? r.Resolution ?? string.Empty)}",
            }, r => r.SagaLog);
        });
        return command;
    }

    private static Command Composite(CliContext context)
    {
        var console = context.Console;
        var id = new Option<string?>("--id") { Description = "Composite id; the workflow id is composite-booking-{id}" };
        var email = new Option<string>("--email") { Required = true };
        var name = new Option<string>("--name") { Required = true };
        var segments = new Option<string[]>("--segment")
        {
            Description = "STAFF,START,END (ISO 8601 UTC); repeat for each segment, in order",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("composite", "Book N segments all-or-nothing, then record the composite appointment")
        {
            id, email, name, segments, FailAt, NoWait, TaskQueue,
        };
        command.SetAction(async (parse, ct) =>
        {
            var input = new CompositeBookingInput(
                parse.GetValue(id) ?? NewId("cmp"),
                parse.GetValue(email)!,
                parse.GetValue(name)!,
                [.. parse.GetValue(segments)!.Select(ParseSegment)],
                Faults: Faults(parse));
            if (input.Problems(DateTime.UtcNow) is [var problem, ..])
            {
                throw CliException.BadInput(problem, CliBounds.OptionOf(
                    problem, "--fail-at", ("composite id", "--id"), ("customer email", "--email"), ("customer name", "--name"), ("segment", "--segment")));
            }

            var taskQueue = CliBounds.TaskQueue("--task-queue", parse.GetValue(TaskQueue)!);
            var client = Connect(parse, ct);
            await AppointmentDataCheck.EnsureBookingAsync(
                context, input.CompositeId, [.. input.Segments.Select(x => x.StaffId)], CompositeBookingWorkflow.WorkflowId(input.CompositeId),
                "--id", "--segment", client, ct);
            var handle = await AppointmentSagaClient.StartCompositeAsync(await client(), input, taskQueue);
            return await FinishAsync(console, parse, handle, () => handle.GetResultAsync(rpcOptions: new() { CancellationToken = ct }), r => r.Success, r =>
                r.Success
                    ? $"[green]booked[/] {handle.Id}: {string.Join(", ", r.Segments.Select(s => s.Booking.Uid))}"
                    : $"[yellow]{r.Status}[/] {handle.Id}: {Markup.Escape(r.Error ?? string.Empty)}",
                r => r.SagaLog);
        });
        return command;
    }

    private static Command Show(CliContext context)
    {
        var id = new Argument<string>("appointment-id");
        var command = new Command("show", "The appointment, its segments and audit trail, from the database (read-only)") { id };
        command.SetAction(async (parse, ct) =>
        {
            var appointmentId = parse.GetValue(id)!;
            await using var db = ReadOnlySagaDatabase.TryOpen(context, "nothing")
                ?? throw CliException.BadInput("no sagas database yet: start a worker first");
            var appointment = await db.Appointments().AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct)
                ?? throw CliException.BadInput($"no appointment '{appointmentId}' in the database");
            var segments = await db.AppointmentSegments().AsNoTracking().Where(s => s.AppointmentId == appointmentId).OrderBy(s => s.Position).ToListAsync(ct);
            var audit = await db.AppointmentAudit().AsNoTracking().Where(a => a.AppointmentId == appointmentId).OrderBy(a => a.Id).ToListAsync(ct);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, new { appointment, segments, audit });
                return ExitCodes.Success;
            }

            context.Console.Ansi.MarkupLine(
                $"[bold]{appointment.Id}[/] {appointment.Status}/{appointment.CalcomSyncStatus} {appointment.StartsUtc:u}–{appointment.EndsUtc:HH:mm} " +
                $"booking {appointment.CalcomBookingUid ?? "-"} staff {appointment.StaffId ?? "-"}" +
                (appointment.DeletedUtc is { } deleted ? $" [red]deleted {deleted:u}[/]" : string.Empty) +
                (appointment.SyncError is { } error ? $"\n  sync error: {Markup.Escape(error)}" : string.Empty));
            foreach (var s in segments)
            {
                context.Console.Ansi.MarkupLine($"  segment {s.Position}: {s.StaffId} {s.StartsUtc:u}–{s.EndsUtc:HH:mm} booking {s.CalcomBookingUid}");
            }

            var table = new Table().AddColumns("when (UTC)", "action", "detail", "saga");
            foreach (var a in audit)
            {
                table.AddRow(a.OccurredUtc.ToString("u", CultureInfo.InvariantCulture), a.Action, Markup.Escape(a.Detail), a.SagaId);
            }

            context.Console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CalcomCheck(CliContext context)
    {
        var command = new Command(
            "calcom-check",
            "Check the Calcom configuration against the account (key, event types and their lengths, list scope) before a saga depends on it; exit 1 on a problem");
        command.SetAction(async (parse, ct) =>
        {
            var options = new CalcomOptions();
            context.Configuration.GetSection(CalcomOptions.Section).Bind(options);
            var eventTypes = new Dictionary<int, string> { [options.DefaultEventTypeId] = "Calcom:DefaultEventTypeId" };
            await using (var db = ReadOnlySagaDatabase.TryOpen(context, "only Calcom:DefaultEventTypeId"))
            {
                if (db is not null)
                {
                    foreach (var staff in await db.Staff().AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct))
                    {
                        eventTypes[staff.CalcomEventTypeId] = eventTypes.TryGetValue(staff.CalcomEventTypeId, out var by) ? $"{by}, staff {staff.Id}" : $"staff {staff.Id}";
                    }
                }
            }

            IReadOnlyList<CalcomFinding> findings;
            try
            {
                findings = await CalcomConfigurationCheck.RunAsync(options, eventTypes, null, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                findings = [new(CalcomFinding.Problem, "Calcom:BaseUrl", $"{options.BaseUrl} cannot be reached: {e.Message}")];
            }

            var ok = findings.All(f => f.Severity != CalcomFinding.Problem);
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, new { ok, findings });
            }
            else
            {
                foreach (var f in findings)
                {
                    var colour = f.Severity switch { CalcomFinding.Ok => "green", CalcomFinding.Warning => "yellow", _ => "red" };
                    context.Console.Ansi.MarkupLine($"[{colour}]{f.Severity}[/] {Markup.Escape(f.Subject)}: {Markup.Escape(f.Message)}");
                }
            }

            return ok ? ExitCodes.Success : ExitCodes.SagaFailed;
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var fix = new Option<bool>("--fix")
        {
            Description = "Cancel the live calendar bookings no local appointment references, once their saga has ended (recorded in the audit trail)",
        };
        var command = new Command("verify", "Check DESIGN §3.2's invariants against the database and the calendar; exit 1 on any violation") { fix };
        command.SetAction(async (parse, ct) =>
        {
            var (violations, orphans) = await AppointmentVerification.InspectAsync(context, ct);
            IReadOnlyList<OrphanFix> fixes = [];
            if (parse.GetValue(fix) && orphans.Count > 0)
            {
                fixes = await AppointmentVerification.FixAsync(context, orphans, await CliConnection.ConnectAsync(parse, ct), ct);
            }

            // Fixed orphans no longer count; everything else still does.
            var cancelled = fixes.Where(f => f.Outcome == OrphanFix.Cancelled).Select(f => f.BookingUid).ToHashSet(StringComparer.Ordinal);
            var remaining = violations
                .Where(v => !(v.Invariant == AppointmentInvariantCheck.OrphanedBooking && cancelled.Contains(v.Subject)))
                .ToList();
            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, new { domain = "appointment", clean = remaining.Count == 0, violations = remaining, fixes });
            }
            else
            {
                foreach (var f in fixes)
                {
                    context.Console.Out.WriteLine($"fix: {f.Outcome} booking {f.BookingUid} (saga {f.SagaId ?? "?"}): {f.Detail}");
                }

                if (remaining.Count == 0)
                {
                    context.Console.Ansi.MarkupLine("[green]appointment invariants hold[/]");
                }

                foreach (var v in remaining)
                {
                    context.Console.Out.WriteLine($"{v.Invariant}: {v.Subject}: {v.Detail}");
                }

                if (!parse.GetValue(fix) && orphans.Count > 0)
                {
                    context.Console.Out.WriteLine($"{orphans.Count} orphaned booking(s): 'appointment verify --fix' cancels those whose saga has ended");
                }
            }

            return remaining.Count == 0 ? ExitCodes.Success : ExitCodes.SagaFailed;
        });
        return command;
    }

    private static async Task<int> FinishAsync<TResult>(
        CliConsole console,
        ParseResult parse,
        WorkflowHandle handle,
        Func<Task<TResult>> wait,
        Func<TResult, bool> success,
        Func<TResult, string> markup,
        Func<TResult, IReadOnlyList<StepRecord>> log)
    {
        var json = parse.GetValue(GlobalOptions.Json);
        if (parse.GetValue(NoWait))
        {
            if (json)
            {
                JsonOutput.Write(console, new { workflowId = handle.Id, runId = handle.ResultRunId });
            }
            else
            {
                console.Ansi.MarkupLine($"started [bold]{handle.Id}[/]");
            }

            return ExitCodes.Success;
        }

        TResult result;
        try
        {
            result = await wait();
        }
        catch (WorkflowFailedException e) when (e.InnerException is ApplicationFailureException { ErrorType: SagaErrors.InvalidInput } invalid)
        {
            throw CliException.BadInput(invalid.Message);
        }

        if (json)
        {
            JsonOutput.Write(console, result!);
        }
        else
        {
            console.Ansi.MarkupLine(markup(result));
            console.Ansi.Write(SagaStateView.Ledger(log(result)));
        }

        return success(result) ? ExitCodes.Success : ExitCodes.SagaFailed;
    }

    private static FaultPlan? Faults(ParseResult parse)
    {
        var plan = new FaultPlan(
            FailAt: Step(parse.GetValue(FailAt)),
            TransientAt: Step(parse.GetValue(TransientAt)),
            TransientFailures: parse.GetValue(TransientAt) is null ? 0 : parse.GetValue(TransientFailures),
            FailCompensationOf: Step(parse.GetValue(FailCompensationOf)),
            FailAfterEffectAt: Step(parse.GetValue(FailAfterEffectAt)));
        return plan.IsEmpty ? null : plan;
    }

    // Connects once, when first needed: bad input found before that never reaches Temporal.
    private static Func<Task<ITemporalClient>> Connect(ParseResult parse, CancellationToken ct)
    {
        Task<ITemporalClient>? connecting = null;
        return () => connecting ??= ConnectAsync();

        async Task<ITemporalClient> ConnectAsync() => await CliConnection.ConnectAsync(parse, ct);
    }

    private static string? Step(string? text) => text?.ToUpperInvariant().Replace('-', '_');

    private static DateTime ParseUtc(string text, string option) => CliBounds.UtcTime(option, text);

    private static CompositeSegment ParseSegment(string text) =>
        text.Split(',') is [var staff, var start, var end]
            ? new CompositeSegment(staff.Trim(), ParseUtc(start.Trim(), "--segment"), ParseUtc(end.Trim(), "--segment"))
            : throw CliException.BadInput($"--segment must be STAFF,START,END (got '{text}')", "--segment");

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..16];
}
