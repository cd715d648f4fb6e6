using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Tests.Security;

public class PayloadEncryptionTests
{
    private static readonly string KeyA = PayloadEncryptionKeys.NewKeyEntry("2026-a");
    private static readonly string KeyB = PayloadEncryptionKeys.NewKeyEntry("2026-b");

    [Theory]
    [InlineData("k1", null, "each entry must be id=base64-key")]
    [InlineData("=AAAA", null, "each entry must be id=base64-key")]
    [InlineData("bad id=AAAAAAAAAAAAAAAAAAAAAA==", null, "each entry must be id=base64-key")]
    [InlineData("k1=not base64!", null, "the key of 'k1' is not base64")]
    [InlineData("k1=AAAA", null, "the key of 'k1' has 24 bits")]
    [InlineData("k1=AAAAAAAAAAAAAAAAAAAAAA==;k1=AAAAAAAAAAAAAAAAAAAAAA==", null, "key id 'k1' is listed twice")]
    [InlineData("k1=AAAAAAAAAAAAAAAAAAAAAA==", "k9", "key id 'k9' is not among the configured keys (k1)")]
    [InlineData(";;", null, "lists no key")]
    [InlineData("", "k1", "no keys are configured")]
    public void Parse_MalformedKeys_NamesTheProblem(string text, string? activeKeyId, string expected)
    {
        var parse = () => PayloadEncryptionKeys.Parse(text, activeKeyId);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void Parse_NothingSet_MeansNoEncryption() =>
        PayloadEncryptionKeys.Parse(null, null).Should().BeNull();

    [Fact]
    public void Parse_SeveralKeys_FirstIsActiveUnlessNamed()
    {
        PayloadEncryptionKeys.Parse($"{KeyA};{KeyB}", null)!.ActiveKeyId.Should().Be("2026-a");
        PayloadEncryptionKeys.Parse($"{KeyA};{KeyB}", "2026-b")!.ActiveKeyId.Should().Be("2026-b");
    }

    [Fact]
    public async Task Codec_RoundTrip_HidesThePlaintextAndRestoresThePayload()
    {
        var codec = new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse(KeyA, null)!);
        var payload = Json("""{"customer":"Ada Lovelace","email":"ada@example.com"}""");

        var encoded = (await codec.EncodeAsync([payload])).Single();
        var decoded = (await codec.DecodeAsync([encoded])).Single();

        encoded.Metadata["encoding"].ToStringUtf8().Should().Be(AesGcmPayloadCodec.Encoding);
        encoded.Metadata[AesGcmPayloadCodec.KeyIdMetadata].ToStringUtf8().Should().Be("2026-a");
        Contains(encoded.ToByteArray(), "Ada Lovelace").Should().BeFalse();
        Contains(encoded.ToByteArray(), "json/plain").Should().BeFalse("the inner metadata is encrypted too");
        decoded.Should().Be(payload);
    }

    [Fact]
    public async Task Codec_SamePayloadTwice_DifferentCiphertext()
    {
        var codec = new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse(KeyA, null)!);
        var payload = Json("\"same\"");

        var encoded = await codec.EncodeAsync([payload, payload]);

        encoded.First().Data.Should().NotEqual(encoded.Last().Data, "every payload gets a fresh nonce");
    }

    [Fact]
    public async Task Codec_AfterRotation_OldPayloadsStillDecryptAndNewOnesUseTheNewKey()
    {
        var before = new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse(KeyA, null)!);
        var after = new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse($"{KeyB};{KeyA}", null)!);
        var payload = Json("\"written before the rotation\"");

        var old = (await before.EncodeAsync([payload])).Single();
        var fresh = (await after.EncodeAsync([payload])).Single();

        (await after.DecodeAsync([old])).Single().Should().Be(payload);
        fresh.Metadata[AesGcmPayloadCodec.KeyIdMetadata].ToStringUtf8().Should().Be("2026-b");
    }

    [Fact]
    public async Task Codec_UnknownKey_SaysWhichKeyIsMissing()
    {
        var encoded = (await new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse(KeyA, null)!).EncodeAsync([Json("1")])).Single();
        var other = new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse(KeyB, null)!);

        var decode = () => other.DecodeAsync([encoded]);

        (await decode.Should().ThrowAsync<PayloadEncryptedException>()).Which.Message
            .Should().Contain("'2026-a'").And.Contain(PayloadEncryptionKeys.KeysVariable);
        var plainConverter = () => SagaDataConverter.Instance.PayloadCodec!.DecodeAsync([encoded]);
        (await plainConverter.Should().ThrowAsync<PayloadEncryptedException>()).Which.Message
            .Should().Contain("no key is configured");
    }

    [Fact]
    public async Task Codec_TamperedCiphertextOrRelabelledKey_IsRefused()
    {
        var keys = PayloadEncryptionKeys.Parse($"{KeyA};{KeyB}", null)!;
        var codec = new AesGcmPayloadCodec(keys);
        var encoded = (await codec.EncodeAsync([Json("\"amount: 100\"")])).Single();
        var bytes = encoded.Data.ToByteArray();
        bytes[20] ^= 1;
        var tampered = new Payload(encoded) { Data = ByteString.CopyFrom(bytes) };
        var relabelled = new Payload(encoded);
        relabelled.Metadata[AesGcmPayloadCodec.KeyIdMetadata] = ByteString.CopyFromUtf8("2026-b");

        await codec.Invoking(c => c.DecodeAsync([tampered])).Should().ThrowAsync<CryptographicException>();
        await codec.Invoking(c => c.DecodeAsync([relabelled])).Should().ThrowAsync<CryptographicException>();
    }

    [Fact]
    public async Task Codec_PlainPayload_PassesThroughOnDecode()
    {
        var codec = new AesGcmPayloadCodec(PayloadEncryptionKeys.Parse(KeyA, null)!);
        var plain = Json("\"recorded before encryption was turned on\"");

        (await codec.DecodeAsync([plain])).Single().Should().Be(plain);
    }

    [Fact]
    public async Task Converter_WithKeys_EncryptsValuesAndFailureMessages()
    {
        var converter = SagaDataConverter.Create(PayloadEncryptionKeys.Parse(KeyA, null)!);

        var payload = await converter.ToPayloadAsync(new { Email = "ada@example.com" });
        var failure = await converter.ToFailureAsync(
            new Temporalio.Exceptions.ApplicationFailureException("card of ada@example.com declined"));

        Contains(payload.ToByteArray(), "ada@example.com").Should().BeFalse();
        failure.Message.Should().NotContain("ada@example.com");
        (await converter.ToValueAsync<Dictionary<string, string>>(payload))["email"].Should().Be("ada@example.com");
        (await converter.ToExceptionAsync(failure)).Message.Should().Be("card of ada@example.com declined");
        SagaDataConverter.Create(null).Should().BeSameAs(SagaDataConverter.Instance);
        ((AesGcmPayloadCodec)SagaDataConverter.Instance.PayloadCodec!).Encrypts.Should().BeFalse();
        ((AesGcmPayloadCodec)converter.PayloadCodec!).Encrypts.Should().BeTrue();
        (await SagaDataConverter.Instance.PayloadCodec!.EncodeAsync([Json("1")])).Single().Should().Be(Json("1"), "no keys, no encryption");
    }

    private static Payload Json(string json) => new()
    {
        Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") },
        Data = ByteString.CopyFromUtf8(json),
    };

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;
}
