using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using TemporalSagas.Worker;

// Content root = the build output, so appsettings*.json are found from any working directory. Settings are read
// at start: no file watcher on the content root, whose logs/ folder would wake it on every log line.
var configuration = new ConfigurationManager();
configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["hostBuilder:reloadConfigOnChange"] = "false" });
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    Configuration = configuration,
});
builder.AddSagaWorker();
await builder.Build().RunAsync();
