using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>The <c>type</c> of a <c>--json</c> error document; stable strings scripts can match.</summary>
public static class CliErrorTypes
{
    public const string InvalidInput = SagaErrors.InvalidInput;
    public const string ReviewRejected = SagaErrors.ReviewRejected;
    public const string SagaAlreadyRan = "SAGA_ALREADY_RAN";
    public const string TemporalUnreachable = "TEMPORAL_UNREACHABLE";
    public const string Unexpected = "UNEXPECTED";
    public const string Cancelled = "CANCELLED";

    /// <summary>The saga's payloads are encrypted with a key this process does not have (exit code 2: fix the configuration).</summary>
    public const string EncryptionKeyMissing = "ENCRYPTION_KEY_MISSING";
}
