using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Appointments;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Starter.Cli;

namespace TemporalSagas.Starter.Appointments;

/// <summary><c>appointment verify</c>: the appointment domain's invariant check alone, with the worker's configuration
/// (its database read-only, and the calendar its <c>Calcom</c> section picks).</summary>
public static class AppointmentVerification
{
    public static async Task<IReadOnlyList<InvariantViolation>> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        await using var db = ReadOnlySagaDatabase.TryOpen(context, "nothing")
            ?? throw CliException.BadInput("no sagas database yet: start a worker first");
        await using var services = InvariantChecks.Services(context.Configuration);
        return await new AppointmentInvariantCheck().CheckAsync(db, services, cancellationToken);
    }
}
