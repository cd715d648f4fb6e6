using System.Net;
using Temporalio.Client;

namespace TemporalSagas.Worker;

/// <summary>
/// gRPC compression toward the Temporal server (<c>Temporal:GrpcCompression</c> / <c>TEMPORAL_GRPC_COMPRESSION</c>):
/// <c>auto</c> (default) sends plain frames to a server on this machine and gzip to any other, <c>gzip</c> or
/// <c>none</c> force one. The SDK gzips by default; on loopback that only burns CPU on both ends: the worker compresses
/// every completion and the server inflates it, for small JSON payloads that never cross a wire.
/// </summary>
public static class TemporalGrpcCompression
{
    public const string Auto = "auto";
    public const string Gzip = "gzip";
    public const string None = "none";

    public static readonly IReadOnlyList<string> Choices = [Auto, Gzip, None];

    /// <summary>The compression for <paramref name="address"/> under <paramref name="setting"/> (null or empty: auto).</summary>
    /// <exception cref="ArgumentException">The setting is not one of <see cref="Choices"/>.</exception>
    public static GrpcCompression For(string address, string? setting)
    {
        var choice = string.IsNullOrWhiteSpace(setting) ? Auto : setting.Trim().ToLowerInvariant();
        return choice switch
        {
            Gzip => new GrpcCompression.Gzip(),
            None => new GrpcCompression.None(),
            Auto => IsLoopback(address) ? new GrpcCompression.None() : new GrpcCompression.Gzip(),
            _ => throw new ArgumentException(
                $"Temporal:GrpcCompression: '{setting}' is not one of {string.Join(", ", Choices)}"),
        };
    }

    /// <summary>Whether <paramref name="address"/> (<c>host:port</c>) names this machine.</summary>
    public static bool IsLoopback(string address)
    {
        var host = address.StartsWith('[') ? address[1..Math.Max(1, address.IndexOf(']'))]
            : address.LastIndexOf(':') is var colon and > 0 ? address[..colon] : address;
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ||
            (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    public static string Describe(GrpcCompression compression) => compression is GrpcCompression.Gzip ? Gzip : None;
}
