using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Verification;

/// <summary>Every <see cref="IInvariantCheck"/> in this assembly, and a run of all of them.</summary>
public static class InvariantChecks
{
    public static readonly IReadOnlyList<IInvariantCheck> All = typeof(InvariantChecks).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IInvariantCheck).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IInvariantCheck)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>
    /// The services a check may ask for (the activities' own: e.g. the appointment check's calendar, Cal.com or the
    /// simulated one as <paramref name="configuration"/> picks), built like the worker's.
    /// </summary>
    public static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(configuration)
            .AddSagaActivities(configuration)
            .BuildServiceProvider();

    /// <summary>Services for checks over this database with no other configuration (the simulated calendar).</summary>
    public static ServiceProvider Services(DatabaseSettings database) =>
        Services(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sagas"] = database.ConnectionString,
            [DatabaseSettings.ProviderSetting] = database.Provider.ToString(),
        }).Build());

    /// <summary>Runs every domain's check, in domain order, and returns all violations.</summary>
    public static async Task<IReadOnlyList<InvariantViolation>> RunAllAsync(
        SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var violations = new List<InvariantViolation>();
        foreach (var check in All)
        {
            violations.AddRange(await check.CheckAsync(db, services, cancellationToken));
        }

        return violations;
    }
}
