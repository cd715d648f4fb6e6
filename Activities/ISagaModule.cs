using Microsoft.Extensions.DependencyInjection;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Activities;

/// <summary>
/// One saga domain's side of the activities: its services, its activity classes and its demo data. Found by
/// <see cref="SagaModules"/> through reflection, so adding a domain touches no shared list.
/// </summary>
public interface ISagaModule
{
    /// <summary>Activity classes the worker registers (scoped: one DI scope, and so one DbContext, per call).</summary>
    IReadOnlyList<Type> ActivityTypes { get; }

    void AddServices(IServiceCollection services);

    /// <summary>Adds the domain's demo data that is missing; never resets what sagas have changed.</summary>
    Task SeedAsync(SagasDbContext db, CancellationToken cancellationToken);
}
