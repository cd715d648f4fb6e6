using System.Text.RegularExpressions;

namespace TemporalSagas.Workflows.Security;

/// <summary>
/// The AES keys payloads are encrypted with: one active key (new payloads) and any number of older ones (kept so
/// histories written before a rotation still decrypt). Written as <c>id=base64;id=base64</c> in
/// <see cref="KeysVariable"/> (or the <c>Encryption:Keys</c> setting), the active id in <see cref="KeyIdVariable"/>
/// (default: the first listed). Keys are 128, 192 or 256 bits.
/// </summary>
public sealed partial class PayloadEncryptionKeys
{
    public const string KeysVariable = "SAGAS_ENCRYPTION_KEYS";
    public const string KeyIdVariable = "SAGAS_ENCRYPTION_KEY_ID";
    public const string KeysSetting = "Encryption:Keys";
    public const string KeyIdSetting = "Encryption:KeyId";

    private readonly Dictionary<string, byte[]> keys;

    private PayloadEncryptionKeys(Dictionary<string, byte[]> keys, string activeKeyId)
    {
        this.keys = keys;
        ActiveKeyId = activeKeyId;
    }

    public string ActiveKeyId { get; }

    public IReadOnlyCollection<string> KeyIds => keys.Keys;

    public byte[] ActiveKey => keys[ActiveKeyId];

    public bool TryGetKey(string keyId, out byte[] key) => keys.TryGetValue(keyId, out key!);

    /// <summary>The keys from the environment, or null when <see cref="KeysVariable"/> is unset (no encryption).</summary>
    /// <exception cref="FormatException">The variables are set but malformed; the message names the variable.</exception>
    public static PayloadEncryptionKeys? FromEnvironment() =>
        Parse(Environment.GetEnvironmentVariable(KeysVariable), Environment.GetEnvironmentVariable(KeyIdVariable), KeysVariable);

    /// <summary>
    /// The keys from configuration: <see cref="KeysSetting"/>/<see cref="KeyIdSetting"/>, overridden by the environment
    /// variables when the configuration carries them (the host's environment provider does).
    /// </summary>
    public static PayloadEncryptionKeys? From(Func<string, string?> setting)
    {
        var keys = NonEmpty(setting(KeysVariable)) ?? NonEmpty(setting(KeysSetting));
        var keyId = NonEmpty(setting(KeyIdVariable)) ?? NonEmpty(setting(KeyIdSetting));
        return Parse(keys, keyId, NonEmpty(setting(KeysVariable)) is null ? KeysSetting : KeysVariable);
    }

    /// <summary>Parses <c>id=base64;id=base64</c>; null or blank text means no encryption.</summary>
    public static PayloadEncryptionKeys? Parse(string? text, string? activeKeyId, string source = KeysVariable)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.IsNullOrWhiteSpace(activeKeyId)
                ? null
                : throw new FormatException($"{KeyIdVariable} is set to '{activeKeyId}' but no keys are configured in {source}");
        }

        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string? first = null;
        foreach (var entry in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            var id = separator > 0 ? entry[..separator].Trim() : string.Empty;
            if (!KeyIdPattern().IsMatch(id))
            {
                throw new FormatException($"{source}: each entry must be id=base64-key with an id of 1-64 letters, digits, '.', '_' or '-' (entry {keys.Count + 1} is not)");
            }

            byte[] key;
            try
            {
                key = Convert.FromBase64String(entry[(separator + 1)..].Trim());
            }
            catch (FormatException)
            {
                throw new FormatException($"{source}: the key of '{id}' is not base64");
            }

            if (key.Length is not (16 or 24 or 32))
            {
                throw new FormatException($"{source}: the key of '{id}' has {key.Length * 8} bits; AES needs 128, 192 or 256");
            }

            if (!keys.TryAdd(id, key))
            {
                throw new FormatException($"{source}: key id '{id}' is listed twice");
            }

            first ??= id;
        }

        if (first is null)
        {
            throw new FormatException($"{source} is set but lists no key");
        }

        var active = string.IsNullOrWhiteSpace(activeKeyId) ? first : activeKeyId.Trim();
        return keys.ContainsKey(active)
            ? new PayloadEncryptionKeys(keys, active)
            : throw new FormatException($"{KeyIdVariable}: key id '{active}' is not among the configured keys ({string.Join(", ", keys.Keys)})");
    }

    /// <summary>A fresh random 256-bit key as <c>id=base64</c>, for the setup in docs/deployment.md and for tests.</summary>
    public static string NewKeyEntry(string id) =>
        $"{id}={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))}";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyIdPattern();
}
