using System.Text.Json.Serialization;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Activities.Seats;

namespace TemporalSagas.Workflows.Seats;

/// <param name="Key">The caller's idempotency key; the workflow id (and booking id) is <c>seat-reservation-{key}</c>.</param>
/// <param name="Ttl">How long the seats are held without a confirm (default 10 min); a durable timer.</param>
public sealed record SeatReservationInput(string Key, string ZoneId, int Quantity, TimeSpan? Ttl = null, FaultPlan? Faults = null)
{
    public const int MaxKeyLength = 64;
    public const int MaxZoneLength = 32;
    public const int MaxQuantity = 100;

    public static readonly TimeSpan DefaultTtl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan MinTtl = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    [JsonIgnore]
    public TimeSpan EffectiveTtl => Ttl ?? DefaultTtl;

    /// <summary>Every problem with this input on its own (the workflow then checks the zone against the database);
    /// empty when valid. Each problem starts with the field it names. Used by the CLI and the workflow alike.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(Key) || Key.Length > MaxKeyLength || !Key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add($"key must be 1-{MaxKeyLength} letters, digits, '-', '_' or '.' (got '{Shorten(Key)}')");
        }

        if (string.IsNullOrEmpty(ZoneId) || ZoneId.Length > MaxZoneLength
            || !ZoneId.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            problems.Add($"zone must be 1-{MaxZoneLength} upper-case letters, digits, '-' or '_' (got '{Shorten(ZoneId)}')");
        }

        if (Quantity is < 1 or > MaxQuantity)
        {
            problems.Add($"quantity must be between 1 and {MaxQuantity} (got {Quantity})");
        }

        if (EffectiveTtl < MinTtl || EffectiveTtl > MaxTtl)
        {
            problems.Add($"ttl must be between {MinTtl} and {MaxTtl} (got {EffectiveTtl})");
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems([.. SeatSteps.FaultSteps]));
        }

        return problems;
    }

    internal static string Shorten(string? value) => value is null ? "null" : value.Length <= 20 ? value : value[..20] + "…";
}

/// <summary>Argument of the update <c>Confirm</c>: the payment that turns the hold into a booking.</summary>
/// <param name="PaymentTimeoutSeconds">How long the payment provider may take (default 30 s); when it does not answer
/// in time the seats are released (<c>PAYMENT_TIMEOUT</c>) and a charge that lands later is refused or refunded.</param>
public sealed record SeatConfirmation(string PaymentMethod, int? PaymentTimeoutSeconds = null, FaultPlan? Faults = null)
{
    public const int MaxMethodLength = 64;
    public const int DefaultPaymentTimeoutSeconds = 30;
    public const int MaxPaymentTimeoutSeconds = 300;

    [JsonIgnore]
    public TimeSpan PaymentTimeout => TimeSpan.FromSeconds(PaymentTimeoutSeconds ?? DefaultPaymentTimeoutSeconds);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PaymentMethod) || PaymentMethod.Length > MaxMethodLength || PaymentMethod.Any(char.IsControl))
        {
            problems.Add($"payment method must be 1-{MaxMethodLength} printable characters (got '{SeatReservationInput.Shorten(PaymentMethod)}')");
        }

        if (PaymentTimeoutSeconds is < 1 or > MaxPaymentTimeoutSeconds)
        {
            problems.Add($"payment timeout must be between 1 and {MaxPaymentTimeoutSeconds} seconds (got {PaymentTimeoutSeconds})");
        }

        if (Faults is not null)
        {
            problems.AddRange(Faults.Problems([.. SeatSteps.FaultSteps]));
        }

        return problems;
    }
}
