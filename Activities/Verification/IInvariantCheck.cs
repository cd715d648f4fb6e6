using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities.Verification;

/// <summary>
/// One domain's invariants, checked against the database (and, where the domain has one, its external service)
/// by <c>starter verify</c> and by the dirty-scenario tests. Found by <see cref="InvariantChecks"/> through
/// reflection, so adding a domain touches no list.
/// </summary>
public interface IInvariantCheck
{
    /// <summary>The domain's name in reports, e.g. <c>flight</c>.</summary>
    string Domain { get; }

    /// <summary>Every violation found; empty when the books balance. Reads only, never repairs.</summary>
    /// <param name="db">The sagas' database (opened read-only by the CLI).</param>
    /// <param name="services">The activities' services, for checks that also ask an external service.</param>
    Task<IReadOnlyList<InvariantViolation>> CheckAsync(SagasDbContext db, IServiceProvider services, CancellationToken cancellationToken);
}

/// <summary>One broken invariant: which rule, about what (e.g. a seat inventory id or a booking id), and the numbers.</summary>
public sealed record InvariantViolation(string Domain, string Invariant, string Subject, string Detail);
