using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Client.Checks;
using TemporalSagas.Workflows.Flights;

namespace TemporalSagas.Client.Flights;

/// <summary>
/// Checks a booking's ids against the worker's database, read-only, before anything starts: exit 2 naming the
/// option. The workflow checks them again (INVALID_INPUT), so a missing database only skips this early check.
/// </summary>
public static class FlightBookingCheck
{
    public static async Task EnsureExistsAsync(DataCheckContext context, FlightBookingInput input, CancellationToken cancellationToken)
    {
        await using var db = ReadOnlySagaDatabase.TryOpen(context, "the workflow");
        if (db is null)
        {
            return;
        }

        var catalog = new FlightCatalog(db);
        try
        {
            var flight = await catalog.FindFlightAsync(input.FlightId, cancellationToken)
                ?? throw CliException.BadInput($"--flight: unknown flight '{input.FlightId}'", "--flight");
            if (flight.SeatClass(input.SeatClass) is null)
            {
                throw CliException.BadInput($"--class: flight {flight.Id} has no {input.SeatClass} seats", "--class");
            }

            if (await catalog.FindLoyaltyBalanceAsync(input.UserId, cancellationToken) is null)
            {
                throw CliException.BadInput($"--user: no account for user '{input.UserId}'", "--user");
            }
        }
        catch (Exception e) when (ReadOnlySagaDatabase.IsNotMigrated(e))
        {
            ReadOnlySagaDatabase.Warn(context, db.Database.GetDbConnection().DataSource, "the workflow");
        }
    }
}
