using Microsoft.Extensions.Hosting;

namespace TemporalSagas.Client.DevServer;

// The in-process worker must not take Ctrl+C for itself (ConsoleLifetime would): the CLI's cancellation
// token stops the demo, which then stops the worker and the dev server in order.
internal sealed class DemoHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
