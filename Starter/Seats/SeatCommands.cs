using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Seats.Data;
using TemporalSagas.Client;
using TemporalSagas.Client.Checks;
using TemporalSagas.Client.Seats;
using TemporalSagas.Starter.Cli;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Starter.Seats;

/// <summary><c>seats zones|reserve|confirm|release|show</c>.</summary>
public static class SeatCommands
{
    private static readonly Option<string> TaskQueue = new("--task-queue") { DefaultValueFactory = _ => SagaTaskQueue.Default };

    public static Command Create(CliContext context) => new("seats", "Seat reservations: hold seats for a TTL, then confirm with a payment or release")
    {
        Zones(context), Reserve(context), Confirm(context.Console), Release(context.Console), Show(context.Console),
    };

    private static Command Zones(CliContext context)
    {
        var command = new Command("zones", "Zones with their capacity, free, held and confirmed seats (from the database, read-only)");
        command.SetAction(async (parse, ct) =>
        {
            var path = new SqliteConnectionStringBuilder(Activities.Data.SagaDatabase.ConnectionString(context.Configuration)).DataSource;
            if (!File.Exists(path))
            {
                throw CliException.BadInput($"no sagas database at {path} yet: start a worker once (it creates and seeds it)");
            }

            await using var db = ReadOnlySagaDatabase.TryOpen(context, "seats zones")!;
            List<SeatZoneInfo> zones;
            try
            {
                var taken = await db.SeatReservations().AsNoTracking()
                    .Where(r => r.Status != SeatReservation.Released)
                    .GroupBy(r => new { r.ZoneId, r.Status })
                    .Select(g => new { g.Key.ZoneId, g.Key.Status, Seats = g.Sum(r => r.Quantity) })
                    .ToListAsync(ct);
                zones = [.. (await db.SeatZones().AsNoTracking().OrderBy(z => z.Id).ToListAsync(ct)).Select(z => new SeatZoneInfo(
                    z.Id, z.Name, z.Capacity, z.Available,
                    taken.Where(t => t.ZoneId == z.Id && t.Status == SeatReservation.Held).Sum(t => t.Seats),
                    taken.Where(t => t.ZoneId == z.Id && t.Status == SeatReservation.Confirmed).Sum(t => t.Seats),
                    z.PricePerSeat))];
            }
            catch (Exception e) when (ReadOnlySagaDatabase.IsNotMigrated(e))
            {
                throw CliException.BadInput($"the sagas database at {path} is not migrated yet (start a worker once)");
            }

            if (parse.GetValue(GlobalOptions.Json))
            {
                JsonOutput.Write(context.Console, zones);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("zone", "name", "capacity", "free", "held", "confirmed", "price");
            foreach (var z in zones)
            {
                table.AddRow(z.Id, Markup.Escape(z.Name), Num(z.Capacity), Num(z.Available), Num(z.Held), Num(z.Confirmed), z.PricePerSeat.ToString("0.00", CultureInfo.InvariantCulture));
            }

            context.Console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Reserve(CliContext context)
    {
        var console = context.Console;
        var zone = new Option<string>("--zone") { Description = "Zone id (see 'seats zones')", Required = true };
        var quantity = new Option<int>("--qty", "--quantity") { Description = $"Seats, 1-{SeatReservationInput.MaxQuantity}", Required = true };
        var key = new Option<string>("--key") { Description = "Idempotency key; the booking id is seat-reservation-{key}", Required = true };
        var ttl = new Option<string?>("--ttl") { Description = "How long the seats are held: 90s, 10m, 2h or hh:mm:ss (default 10m)" };
        var faults = new Option<string?>("--faults") { Description = "Fault plan as JSON, e.g. {\"transientAt\":\"RESERVE_SEATS\",\"transientFailures\":2}" };
        var command = new Command("reserve", "Hold seats in a zone (the same key returns the same booking)") { zone, quantity, key, ttl, faults, TaskQueue };
        command.SetAction(async (parse, ct) =>
        {
            var input = new SeatReservationInput(
                parse.GetValue(key)!, parse.GetValue(zone)!.ToUpperInvariant(), parse.GetValue(quantity), ParseTtl(parse.GetValue(ttl)), ParseFaults(parse.GetValue(faults)));
            if (input.Problems() is [var problem, ..])
            {
                throw CliException.BadInput(problem, OptionOf(problem));
            }

            var taskQueue = CliBounds.TaskQueue("--task-queue", parse.GetValue(TaskQueue)!);

            // The zone against the data before anything starts (the workflow's own check, read-only).
            await SagaDataCheck.EnsureAsync(context, (SeatActivities a) => a.CheckSeatReservationAsync(new(input.ZoneId, input.Quantity)), OptionOf, ct);
            var client = await CliConnection.ConnectAsync(parse, ct);
            var booking = await SeatReservationClient.ReserveAsync(client, input, taskQueue, ct);
            if (booking is { Status: SeatBookingStatus.Rejected, ErrorType: SagaErrors.InvalidInput })
            {
                throw CliException.BadInput(booking.Error ?? "invalid input");
            }

            return Write(console, parse, booking);
        });
        return command;
    }

    private static Command Confirm(CliConsole console)
    {
        var booking = new Argument<string>("booking") { Description = "Booking id (seat-reservation-{key}) or the key" };
        var method = new Option<string>("--payment-method") { Description = $"Payment method ('{SimulatedSeatPayments.DeclinedCard}' is declined)", DefaultValueFactory = _ => "card" };
        var timeout = new Option<int?>("--payment-timeout") { Description = $"Seconds the payment may take (default {SeatConfirmation.DefaultPaymentTimeoutSeconds})" };
        var slow = new Option<double?>("--slow-payment") { Description = "Simulate a payment provider that takes SECONDS (longer than the timeout: PAYMENT_TIMEOUT)" };
        var command = new Command("confirm", "Pay and confirm held seats; a failed or timed-out payment releases them") { booking, method, timeout, slow };
        command.SetAction(async (parse, ct) =>
        {
            var id = BookingArgument(parse.GetValue(booking)!);
            var payment = new SeatConfirmation(
                parse.GetValue(method)!,
                parse.GetValue(timeout),
                parse.GetValue(slow) is { } seconds ? new FaultPlan(SlowAt: SeatSteps.ChargePayment, SlowSeconds: seconds) : null);
            if (payment.Problems() is [var problem, ..])
            {
                var option = problem.StartsWith("payment method", StringComparison.Ordinal) ? "--payment-method"
                    : problem.StartsWith("payment timeout", StringComparison.Ordinal) ? "--payment-timeout" : "--slow-payment";
                throw CliException.BadInput($"{option}: {problem}", option);
            }

            var client = await CliConnection.ConnectAsync(parse, ct);
            return await ActAsync(console, parse, () => SeatReservationClient.ConfirmAsync(client, id, payment, ct));
        });
        return command;
    }

    private static Command Release(CliConsole console)
    {
        var booking = new Argument<string>("booking") { Description = "Booking id (seat-reservation-{key}) or the key" };
        var command = new Command("release", "Give held seats back (a second release: RESERVATION_NOT_FOUND)") { booking };
        command.SetAction(async (parse, ct) =>
        {
            var id = BookingArgument(parse.GetValue(booking)!);
            var client = await CliConnection.ConnectAsync(parse, ct);
            return await ActAsync(console, parse, () => SeatReservationClient.ReleaseAsync(client, id, ct));
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var booking = new Argument<string>("booking") { Description = "Booking id (seat-reservation-{key}) or the key" };
        var command = new Command("show", "The booking as its workflow sees it (query GetBooking)") { booking };
        command.SetAction(async (parse, ct) =>
        {
            var id = BookingArgument(parse.GetValue(booking)!);
            var client = await CliConnection.ConnectAsync(parse, ct);
            return await ActAsync(console, parse, () => SeatReservationClient.GetAsync(client, id, ct), showOnly: true);
        });
        return command;
    }

    private static async Task<int> ActAsync(CliConsole console, ParseResult parse, Func<Task<SeatBooking>> act, bool showOnly = false)
    {
        try
        {
            var booking = await act();
            return showOnly ? WriteShown(console, parse, booking) : Write(console, parse, booking);
        }
        catch (SeatReservationException e)
        {
            throw e.ErrorType == SagaErrors.InvalidInput
                ? CliException.BadInput(e.Message)
                : new CliException(ExitCodes.SagaFailed, e.ErrorType, e.Message);
        }
    }

    private static int WriteShown(CliConsole console, ParseResult parse, SeatBooking booking)
    {
        Write(console, parse, booking);
        return ExitCodes.Success;
    }

    // Exit 0 for a booking that is held or confirmed (or released on request), 1 when it was refused or lost its seats.
    private static int Write(CliConsole console, ParseResult parse, SeatBooking booking)
    {
        if (parse.GetValue(GlobalOptions.Json))
        {
            JsonOutput.Write(console, booking);
        }
        else
        {
            var color = booking.Status is SeatBookingStatus.Held or SeatBookingStatus.Confirmed ? "green" : "yellow";
            console.Ansi.MarkupLine(
                $"[{color}]{booking.Status}[/] [bold]{Markup.Escape(booking.BookingId)}[/]: {booking.Quantity} seat(s) in {Markup.Escape(booking.ZoneId)}" +
                (booking.Amount > 0 ? $", {booking.Amount.ToString("0.00", CultureInfo.InvariantCulture)}" : string.Empty) +
                (booking.Status == SeatBookingStatus.Held && booking.ExpiresUtc is { } expires ? $", held until {expires:u}" : string.Empty) +
                (booking.PaymentId is { } payment ? $", paid by {payment}" : string.Empty) +
                (booking.ErrorType is { } type ? $" — {type}: {Markup.Escape(booking.Error ?? string.Empty)}" : string.Empty));
        }

        return booking.Status is SeatBookingStatus.Rejected or SeatBookingStatus.Expired
            || (booking.Status == SeatBookingStatus.Released && booking.ErrorType != SeatErrors.ReservationReleased)
            ? ExitCodes.SagaFailed
            : ExitCodes.Success;
    }

    private static string BookingArgument(string value)
    {
        var id = SeatReservationClient.BookingIdOf(CliBounds.LookupId("booking", value));
        var key = id[Workflows.Seats.SeatReservationWorkflow.IdPrefix.Length..];
        return new SeatReservationInput(key, "Z", 1).Problems() is [var problem, ..]
            ? throw CliException.BadInput($"booking: {problem}", "booking")
            : id;
    }

    private static string? OptionOf(string problem) => problem.Split(' ', ':')[0] switch
    {
        "key" => "--key",
        "zone" => "--zone",
        "quantity" => "--qty",
        "ttl" => "--ttl",
        _ => "--faults",
    };

    private static FaultPlan? ParseFaults(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<FaultPlan>(json, SagaDataConverter.JsonOptions)
                ?? throw CliException.BadInput("--faults must be a JSON object", "--faults");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw CliException.BadInput($"--faults is not a valid fault plan: {e.Message}", "--faults");
        }
    }

    private static TimeSpan? ParseTtl(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0 && n < 1e7)
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
            ? span
            : throw CliException.BadInput($"--ttl must look like 90s, 10m, 2h or hh:mm:ss (got '{text}')", "--ttl");
    }

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
