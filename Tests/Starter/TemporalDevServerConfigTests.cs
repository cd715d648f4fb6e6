using TemporalSagas.Client.DevServer;

namespace TemporalSagas.Tests.Starter;

public class TemporalDevServerConfigTests
{
    [Fact]
    public void Load_RepositoryFile_HasTheSagaSearchAttributesAndTheFastTransferQueue()
    {
        var config = TemporalDevServerConfig.Load();

        config.Address.Should().Be("127.0.0.1:7233");
        config.UiPort.Should().Be(8233);
        config.TaskQueue.Should().Be("sagas");
        config.SearchAttributes.Keys.Should().BeEquivalentTo(["SagaType", "SagaStatus", "SagaFailedStep"]);
        config.DynamicConfig.Should().Contain("history.transferProcessorMaxPollRPS", "1000");
    }

    [Fact]
    public void ToStartLocalOptions_PortOverrides_PassEverySettingToTheDevServer()
    {
        var config = TemporalDevServerConfig.Parse("""
            server: { port: 7233, uiPort: 8233, namespace: sagas-ns, dbFilename: data/sagas-dev.db, logLevel: error }
            dynamicConfig: { history.transferProcessorMaxPollRPS: 1000, frontend.enableUpdateWorkflowExecution: true }
            """);

        var options = config.ToStartLocalOptions(portOverride: 17233, uiPortOverride: 18233);

        options.TargetHost.Should().Be("127.0.0.1:17233");
        options.UIPort.Should().Be(18233);
        options.Namespace.Should().Be("sagas-ns");
        options.DevServerOptions!.DatabaseFilename.Should().Be("data/sagas-dev.db");
        options.DevServerOptions.LogLevel.Should().Be("error");
        options.DevServerOptions.ExtraArgs.Should().ContainInOrder(
            "--dynamic-config-value", "history.transferProcessorMaxPollRPS=1000",
            "--dynamic-config-value", "frontend.enableUpdateWorkflowExecution=true");
        options.SearchAttributes!.Select(k => k.Name).Should().Contain(["SagaType", "SagaStatus", "SagaFailedStep"]);
    }

    [Fact]
    public void ToCommandLine_DefaultFile_IsTheEquivalentStartDevCommand()
    {
        var line = TemporalDevServerConfig.Load().ToCommandLine();

        line.Should().StartWith("temporal server start-dev --ip 127.0.0.1 --port 7233 --ui-port 8233")
            .And.Contain("--search-attribute SagaStatus=Keyword")
            .And.Contain("--dynamic-config-value history.transferProcessorMaxPollRPS=1000");
    }

    [Fact]
    public void Parse_UnknownSearchAttributeType_SaysWhichOne()
    {
        var config = TemporalDevServerConfig.Parse("searchAttributes: { Region: Colour }");

        var options = () => config.ToStartLocalOptions();

        options.Should().Throw<InvalidDataException>().WithMessage("*unknown search attribute type 'Colour' for Region*");
    }
}
