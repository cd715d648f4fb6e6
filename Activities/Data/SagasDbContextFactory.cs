using Microsoft.EntityFrameworkCore.Design;

namespace TemporalSagas.Activities.Data;

/// <summary>Lets <c>dotnet ef</c> build the context without a host.</summary>
internal sealed class SagasDbContextFactory : IDesignTimeDbContextFactory<SagasDbContext>
{
    public SagasDbContext CreateDbContext(string[] args) =>
        new(SagaDatabase.Options(
            Environment.GetEnvironmentVariable("ConnectionStrings__Sagas") is { Length: > 0 } configured
                ? configured
                : SagaDatabase.DefaultConnectionString()));
}
