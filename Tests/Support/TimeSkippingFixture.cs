using Temporalio.Api.Enums.V1;
using Temporalio.Api.OperatorService.V1;
using Temporalio.Testing;
using TemporalSagas.Client.DevServer;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// One time-skipping test server for all workflow tests (starting one takes about a second). The
/// environment is not thread-safe, so the tests that use it share one xUnit collection and run one at a time.
/// </summary>
public sealed class TimeSkippingFixture : IAsyncLifetime
{
    public WorkflowEnvironment Env { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        try
        {
            Env = await WorkflowEnvironment.StartTimeSkippingAsync(new()
            {
                DataConverter = SagaDataConverter.Instance,
                TestServer = new() { ExistingPath = TemporalBinaries.TestServerPath() },
            });
        }
        catch (InvalidOperationException e) when (Environment.GetEnvironmentVariable(TemporalBinaries.TestServerVariable) is null)
        {
            throw new InvalidOperationException(
                "cannot start the Temporal time-skipping test server: set TEMPORAL_TEST_SERVER_PATH " +
                "(eval \"$(../shared/tools/temporal/install.sh)\") or allow the SDK to download it", e);
        }
        await RegisterSearchAttributesAsync();
    }

    public async Task DisposeAsync() => await Env.ShutdownAsync();

    private async Task RegisterSearchAttributesAsync()
    {
        var request = new AddSearchAttributesRequest { Namespace = Env.Client.Options.Namespace };
        foreach (var key in SagaSearchAttributes.All)
        {
            request.SearchAttributes[key.Name] = IndexedValueType.Keyword;
        }

        await Env.Client.Connection.OperatorService.AddSearchAttributesAsync(request);
    }
}

[CollectionDefinition(Name)]
public sealed class TimeSkippingCollection : ICollectionFixture<TimeSkippingFixture>
{
    public const string Name = "time-skipping server";
}
