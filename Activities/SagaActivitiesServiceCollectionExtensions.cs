using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Activities;

public static class SagaActivitiesServiceCollectionExtensions
{
    /// <summary>
    /// The database (scoped <see cref="SagasDbContext"/>: <c>Database:Provider</c> and <c>ConnectionStrings:Sagas</c>), fault
    /// injection (section <c>Faults</c>), the engine's shared activities and every domain's <see cref="ISagaModule"/>.
    /// </summary>
    public static IServiceCollection AddSagaActivities(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSagasDbContext(SagaDatabase.Settings(configuration));

        // Default: on in Development only; an explicit Faults:Enabled wins because it is bound afterwards.
        // Bound from the configuration given here, so hosts without IConfiguration in DI work too.
        services.AddOptions<FaultInjectionOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                options.Enabled = provider.GetService<IHostEnvironment>()?.IsDevelopment() == true)
            .Bind(configuration.GetSection(FaultInjectionOptions.Section));

        services.AddScoped<Idempotency>();
        services.AddScoped<FaultInjector>();
        services.AddScoped<StepCheckActivities>();
        foreach (var module in SagaModules.All)
        {
            module.AddServices(services);
        }

        return services;
    }
}
