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
