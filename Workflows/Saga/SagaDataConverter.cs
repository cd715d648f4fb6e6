using System.Text.Json;
using System.Text.Json.Serialization;
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
    /// <see cref="JsonOptions"/> without null properties, for the payloads in the history: every step's request, its
    /// result and the saga's result carry optional fields that are usually null (a fault plan, a step's error), and
    /// each byte is stored, sent to the worker on every replay and read by the Web UI. A missing property reads back
    /// as null, so payloads written before (with the nulls) and after read the same.
    /// </summary>
    public static readonly JsonSerializerOptions PayloadJsonOptions = new(JsonOptions)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The converter without encryption (tests, recorded histories). It still recognises an encrypted payload and
    /// refuses it with a <see cref="PayloadEncryptedException"/> naming the missing key.
    /// </summary>
    public static readonly DataConverter Instance = DataConverter.Default with
    {
        PayloadConverter = new SagaPayloadConverter(new DefaultPayloadConverter(PayloadJsonOptions)),
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
