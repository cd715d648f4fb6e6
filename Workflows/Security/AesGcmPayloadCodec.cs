using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace TemporalSagas.Workflows.Security;

/// <summary>
/// Encrypts every payload (inputs, results, queries, updates, failures' details, memo, summaries) with AES-GCM
/// before it leaves the process, so the Temporal server and its history store only ciphertext. The whole
/// serialized payload (its metadata included) is encrypted; the outer payload says <c>binary/encrypted</c> and names
/// the key id, so a rotated-out key still decrypts old histories. Payloads that are not encrypted pass through
/// unchanged on decode (histories written before encryption was turned on stay readable).
/// </summary>
/// <remarks>Without keys (<c>null</c>) it encrypts nothing and decodes plain payloads only: an encrypted one is refused
/// with <see cref="PayloadEncryptedException"/>, which says which key is missing, instead of the SDK's "unknown
/// encoding".</remarks>
public sealed class AesGcmPayloadCodec(PayloadEncryptionKeys? keys) : IPayloadCodec
{
    public const string Encoding = "binary/encrypted";
    public const string KeyIdMetadata = "encryption-key-id";
    public const string CipherMetadata = "encryption-cipher";
    public const string Cipher = "AES-GCM";

    private const int NonceSize = 12;

    /// <summary>False for the keyless codec every plain converter carries (it only recognises encrypted payloads).</summary>
    public bool Encrypts => keys is not null;
    private const int TagSize = 16;

    private static readonly ByteString EncodingBytes = ByteString.CopyFromUtf8(Encoding);
    private static readonly ByteString CipherBytes = ByteString.CopyFromUtf8(Cipher);

    public Task<IReadOnlyCollection<Payload>> EncodeAsync(IReadOnlyCollection<Payload> payloads) =>
        Task.FromResult(keys is null ? payloads : payloads.Select(p => Encrypt(p, keys)).ToList());

    public Task<IReadOnlyCollection<Payload>> DecodeAsync(IReadOnlyCollection<Payload> payloads) =>
        Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Select(Decrypt).ToList());

    private static Payload Encrypt(Payload payload, PayloadEncryptionKeys keys)
    {
        var keyId = keys.ActiveKeyId;
        var plain = payload.ToByteArray();
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(keys.ActiveKey, TagSize))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), AssociatedData(keyId));
        }

        return new Payload
        {
            Metadata =
            {
                ["encoding"] = EncodingBytes,
                [KeyIdMetadata] = ByteString.CopyFromUtf8(keyId),
                [CipherMetadata] = CipherBytes,
            },
            Data = UnsafeByteOperations.UnsafeWrap(sealedBytes),
        };
    }

    private Payload Decrypt(Payload payload)
    {
        if (!payload.Metadata.TryGetValue("encoding", out var encoding) || encoding != EncodingBytes)
        {
            return payload;
        }

        var keyId = payload.Metadata.TryGetValue(KeyIdMetadata, out var id) ? id.ToStringUtf8() : "(none)";
        if (keys is null || !keys.TryGetKey(keyId, out var key))
        {
            throw new PayloadEncryptedException(keyId, keys?.KeyIds ?? []);
        }

        var sealedBytes = payload.Data.Span;
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new InvalidOperationException($"encrypted payload is {sealedBytes.Length} bytes, too short for AES-GCM");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        using (var aes = new AesGcm(key, TagSize))
        {
            aes.Decrypt(sealedBytes[..NonceSize], sealedBytes.Slice(NonceSize, plain.Length), sealedBytes[^TagSize..], plain, AssociatedData(keyId));
        }

        return Payload.Parser.ParseFrom(plain);
    }

    // The key id is authenticated: a payload cannot be relabelled to another key.
    private static byte[] AssociatedData(string keyId) => System.Text.Encoding.UTF8.GetBytes(keyId);
}
