using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// TLS in front of a plaintext gRPC server (the Temporal dev server has no TLS options): terminates TLS with the
/// given server certificate, optionally requires a client certificate issued by the test CA (mTLS), and pipes the
/// decrypted HTTP/2 stream to the upstream port. Connections it refuses are counted.
/// </summary>
public sealed class TlsTerminatingProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly TestCertificates certificates;
    private readonly string upstream;
    private readonly bool requireClientCertificate;
    private readonly Task accepting;
    private int refused;
    private int accepted;

    public TlsTerminatingProxy(TestCertificates certificates, string upstream, bool requireClientCertificate)
    {
        this.certificates = certificates;
        this.upstream = upstream;
        this.requireClientCertificate = requireClientCertificate;
        listener.Start();
        accepting = AcceptAsync();
    }

    public string Address => $"localhost:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>TLS handshakes that failed (untrusted server for the client, or no/unknown client certificate).</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>Connections that completed the handshake and were piped upstream.</summary>
    public int Accepted => Volatile.Read(ref accepted);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return; // stopped
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            try
            {
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificates.Server,
                        ClientCertificateRequired = requireClientCertificate,
                        ApplicationProtocols = [SslApplicationProtocol.Http2],
                        RemoteCertificateValidationCallback = (_, certificate, _, _) => !requireClientCertificate || IssuedByTestCa(certificate),
                    },
                    stop.Token);
            }
            catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException or OperationCanceledException)
            {
                Interlocked.Increment(ref refused);
                return;
            }

            Interlocked.Increment(ref accepted);
            var (host, port) = (upstream[..upstream.LastIndexOf(':')], int.Parse(upstream[(upstream.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            using var server = new TcpClient();
            await server.ConnectAsync(host, port, stop.Token);
            await using var upstreamStream = server.GetStream();
            using var done = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            var up = tls.CopyToAsync(upstreamStream, done.Token);
            var down = upstreamStream.CopyToAsync(tls, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
            await Task.WhenAll(up, down).ContinueWith(_ => { }, TaskScheduler.Default); // one side closed: the other ends with it
        }
    }

    private bool IssuedByTestCa(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificates.Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }
}
