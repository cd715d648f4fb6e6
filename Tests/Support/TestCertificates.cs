using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TemporalSagas.Tests.Support;

/// <summary>A throw-away CA with a server certificate (localhost, 127.0.0.1) and a client certificate, as PEM files.</summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 ca, X509Certificate2 server)
    {
        Directory = directory;
        Ca = ca;
        Server = server;
    }

    public string Directory { get; }

    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate with its private key, for an <see cref="System.Net.Security.SslStream"/>.</summary>
    public X509Certificate2 Server { get; }

    public string CaPath => Path.Combine(Directory, "ca.pem");

    public string ClientCertPath => Path.Combine(Directory, "client.pem");

    public string ClientKeyPath => Path.Combine(Directory, "client-key.pem");

    /// <summary>A client certificate from another CA: a server trusting only <see cref="Ca"/> must refuse it.</summary>
    public string StrangerCertPath => Path.Combine(Directory, "stranger.pem");

    public string StrangerKeyPath => Path.Combine(Directory, "stranger-key.pem");

    public static TestCertificates Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"sagas-certs-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);

        var ca = CreateCa("TemporalSagas test CA");
        var server = Issue(ca, "localhost", serverAuth: true);
        var client = Issue(ca, "sagas-worker", serverAuth: false);
        var strangerCa = CreateCa("Someone else's CA");
        var stranger = Issue(strangerCa, "sagas-worker", serverAuth: false);

        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
        WritePair(directory, "client", client);
        WritePair(directory, "stranger", stranger);
        strangerCa.Dispose();
        client.Dispose();
        stranger.Dispose();
        return new TestCertificates(directory, ca, server);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static void WritePair(string directory, string name, X509Certificate2 certificate)
    {
        File.WriteAllText(Path.Combine(directory, $"{name}.pem"), certificate.ExportCertificatePem());
        using var key = certificate.GetECDsaPrivateKey()!;
        File.WriteAllText(Path.Combine(directory, $"{name}-key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [serverAuth ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        if (serverAuth)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        // Within the CA's validity: its NotAfter is kept to the second, so "now + 1 day" a moment later can pass it.
        var notAfter = new DateTimeOffset(ca.NotAfter).AddMinutes(-1);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
