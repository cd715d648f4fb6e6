using System.Text.Json;
using Temporalio.Converters;
using TemporalSagas.Workflows.Security;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// camelCase JSON for every payload, so results read the same in the Web UI, <c>--json</c> output and the
/// recorded histories, optionally encrypted with <see cref="AesGcmPayloadCodec"/>. Clients, workers, the console
/// and the replayer must all use the same one: <see cref="Create"/> with the same keys.
/// </summary>
public static class SagaDataConverter
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The converter without encryption (tests, recorded histories). It still recognises an encrypted payload and
    /// refuses it with a <see cref="PayloadEncryptedException"/> naming the missing key.
    /// </summary>
    public static readonly DataConverter Instance = DataConverter.Default with
    {
        PayloadConverter = new SagaPayloadConverter(new DefaultPayloadConverter(JsonOptions)),
        PayloadCodec = new AesGcmPayloadCodec(null),
    };

    /// <summary>
    /// The converter for these keys: <see cref="Instance"/> when there are none; otherwise every payload is
    /// encrypted, and so are failure messages and stack traces (<c>EncodeCommonAttributes</c>), which may quote
    /// customer data.
    /// </summary>
    public static DataConverter Create(PayloadEncryptionKeys? keys) => keys is null
        ? Instance
        : Instance with
        {
            PayloadCodec = new AesGcmPayloadCodec(keys),
            FailureConverter = new DefaultFailureConverter.WithEncodedCommonAttributes(),
        };

    /// <summary>The converter for the keys in the environment (<see cref="PayloadEncryptionKeys.KeysVariable"/>).</summary>
    public static DataConverter FromEnvironment() => Create(PayloadEncryptionKeys.FromEnvironment());
}
