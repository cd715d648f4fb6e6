using Microsoft.Extensions.Hosting;
using TemporalSagas.Worker;

// Content root = the build output, so appsettings*.json are found from any working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddSagaWorker();
await builder.Build().RunAsync();
