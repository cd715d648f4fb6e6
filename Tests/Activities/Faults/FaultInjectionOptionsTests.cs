using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Faults;

namespace TemporalSagas.Tests.Activities.Faults;

public sealed class FaultInjectionOptionsTests
{
    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Production", null, false)]
    [InlineData(null, null, false)]
    [InlineData("Development", "false", false)]
    [InlineData("Production", "true", true)]
    public void AddSagaActivities_EnvironmentAndFaultsEnabled_DecideWhetherFaultsAreHonoured(
        string? environment, string? configured, bool expected)
    {
        var settings = configured is null ? [] : new Dictionary<string, string?> { ["Faults:Enabled"] = configured };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSagaActivities(configuration);
        if (environment is not null)
        {
            services.AddSingleton<IHostEnvironment>(new FakeEnvironment(environment));
        }

        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<FaultInjectionOptions>>().Value.Enabled.Should().Be(expected);
    }

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
