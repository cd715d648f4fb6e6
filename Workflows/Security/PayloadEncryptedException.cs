namespace TemporalSagas.Workflows.Security;

/// <summary>An encrypted payload this process has no key for: a configuration problem, named as such.</summary>
public sealed class PayloadEncryptedException(string keyId, IReadOnlyCollection<string> knownKeyIds) : InvalidOperationException(
    knownKeyIds.Count == 0
        ? $"the saga's data is encrypted (key '{keyId}') and no key is configured: set {PayloadEncryptionKeys.KeysVariable}"
        : $"the saga's data is encrypted with key '{keyId}', which is not configured (known: {string.Join(", ", knownKeyIds)}); add it to {PayloadEncryptionKeys.KeysVariable}")
{
    public string KeyId { get; } = keyId;
}
