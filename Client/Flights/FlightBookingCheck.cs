using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Client.Flights;

/// <summary>How a refusal names the input it is about: the CLI's options, or the console's fields in words (the
/// console maps the words to its JSON field and shows its own label).</summary>
public sealed record FlightCheckNames(string Flight, string SeatClass, string User)
{
    public static readonly FlightCheckNames Options = new("--flight", "--class", "--user");

    public static readonly FlightCheckNames Fields = new("flight id", "seat class", "user id");
}

/// <summary>
/// Checks a booking's ids against the worker's database, read-only, before anything starts: exit 2 naming the
/// option (or field) and the values there are. The workflow checks them again (INVALID_INPUT), so a missing database
/// only skips this early check.
/// </summary>
public static class FlightBookingCheck
{
    public static async Task EnsureExistsAsync(
        DataCheckContext context, FlightBookingInput input, CancellationToken cancellationToken, FlightCheckNames? names = null)
    {
        names ??= FlightCheckNames.Options;
        await using var db = ReadOnlySagaDatabase.TryOpen(context, "the workflow");
        if (db is null)
        {
            return;
        }

        var catalog = new FlightCatalog(db);
        try
        {
            if (await catalog.FindFlightAsync(input.FlightId, cancellationToken) is not { } flight)
            {
                var flights = (await catalog.ListFlightsAsync(cancellationToken)).Select(f => f.Id).ToList();
                throw CliException.BadInput(
                    $"{names.Flight}: unknown flight '{input.FlightId}' (flights: {Some(flights)})", names.Flight);
            }

            if (flight.SeatClass(input.SeatClass) is null)
            {
                throw CliException.BadInput(
                    $"{names.SeatClass}: flight {flight.Id} has no {input.SeatClass} seats " +
                    $"(it has: {string.Join(", ", flight.SeatClasses.Select(c => c.SeatClass))})", names.SeatClass);
            }

            if (await catalog.FindLoyaltyBalanceAsync(input.UserId, cancellationToken) is null)
            {
                throw CliException.BadInput($"{names.User}: no account for user '{input.UserId}'", names.User);
            }
        }
        catch (Exception e) when (ReadOnlySagaDatabase.IsNotMigrated(e))
        {
            ReadOnlySagaDatabase.Warn(context, db.Database.GetDbConnection().DataSource, "the workflow");
        }
    }

    private static string Some(IReadOnlyList<string> values) =>
        values.Count <= 12 ? string.Join(", ", values) : $"{string.Join(", ", values.Take(12))}, … ({values.Count} in all)";
}
