using System.Net;
using System.Net.Sockets;

namespace TemporalSagas.Tests.Support;

public static class FreePort
{
    /// <summary>
    /// A loopback TCP port nobody listens on right now, so tests never collide with a running demo. Only "right
    /// now": another process may take it before the caller binds it, so callers retry on a new port when the bind
    /// fails (the dev server start in DevServerFixture, the metrics host in SagaObservabilityEndToEndTests).
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
