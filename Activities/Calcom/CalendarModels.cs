using System.Security.Cryptography;
using System.Text;

namespace TemporalSagas.Activities.Calcom;

public sealed record CalendarHost(int Id, string Name, string Email);

/// <summary>A booking as the calendar (Cal.com or the simulated one) reports it.</summary>
/// <param name="Status"><c>accepted</c>, <c>pending</c>, <c>cancelled</c> or <c>rejected</c> (Cal.com's values).</param>
/// <param name="RescheduledToUid">Set on a booking that a reschedule replaced: Cal.com books anew and cancels the old one.</param>
public sealed record CalendarBooking(
    int Id,
    string Uid,
    string Status,
    DateTime StartUtc,
    DateTime EndUtc,
    int EventTypeId,
    IReadOnlyList<CalendarHost> Hosts,
    string AttendeeName,
    string AttendeeEmail,
    IReadOnlyDictionary<string, string> Metadata,
    string? RescheduledFromUid = null,
    string? RescheduledToUid = null)
{
    public const string Accepted = "accepted";
    public const string Pending = "pending";
    public const string Cancelled = "cancelled";
    public const string Rejected = "rejected";

    /// <summary>Metadata keys every booking of these sagas carries.</summary>
    public const string IdempotencyKeyField = "idempotencyKey";
    public const string SourceField = "source";
    public const string Source = "temporalsagas";

    /// <summary>Cal.com's metadata limits (<c>packages/platform/types/bookings/2024-08-13/inputs/validators/validate-metadata.ts</c>):
    /// at most 50 keys, key names of at most 40 characters, string values of at most 500.</summary>
    public const int MaxMetadataKeys = 50;
    public const int MaxMetadataKeyLength = 40;
    public const int MaxMetadataValueLength = 500;

    public bool IsLive => Status is Accepted or Pending;

    /// <summary>The key as stored in the metadata (<see cref="StoredKey"/>: hashed when too long for Cal.com).</summary>
    public string? IdempotencyKey => Metadata.GetValueOrDefault(IdempotencyKeyField);

    /// <summary>Whether this booking was made under <paramref name="idempotencyKey"/>.</summary>
    public bool HasKey(string idempotencyKey) => IdempotencyKey == StoredKey(idempotencyKey);

    /// <summary>
    /// The form of an idempotency key that fits Cal.com's metadata: the key itself when it has at most 500 characters,
    /// otherwise <c>sha256:</c> and its hash (a long workflow id would otherwise make Cal.com refuse the booking).
    /// </summary>
    public static string StoredKey(string idempotencyKey) =>
        idempotencyKey.Length <= MaxMetadataValueLength
            ? idempotencyKey
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    /// <summary>What Cal.com's validation would refuse in <paramref name="metadata"/>; null when it is acceptable.</summary>
    public static string? MetadataProblem(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Count > MaxMetadataKeys || metadata.Any(kv => kv.Key.Length > MaxMetadataKeyLength || kv.Value.Length > MaxMetadataValueLength)
            ? "metadata must be an object with up to 50 keys, each key name up to 40 characters, and values with a maximum length of 500 characters."
            : null;
}

/// <summary>A booking to make. <paramref name="IdempotencyKey"/> goes into the booking's metadata, so a create whose
/// answer was lost can be found again (<see cref="ICalendar.FindByIdempotencyKeyAsync"/>).</summary>
public sealed record NewBooking(
    int EventTypeId,
    DateTime StartUtc,
    int LengthMinutes,
    string AttendeeName,
    string AttendeeEmail,
    string TimeZone,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string>? Metadata = null)
{
    public DateTime EndUtc => StartUtc.AddMinutes(LengthMinutes);

    /// <summary>The metadata sent: the caller's, the idempotency key (in the form that fits, <see cref="CalendarBooking.StoredKey"/>)
    /// and the source marker.</summary>
    public Dictionary<string, string> AllMetadata()
    {
        var all = new Dictionary<string, string>(Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [CalendarBooking.IdempotencyKeyField] = CalendarBooking.StoredKey(IdempotencyKey),
            [CalendarBooking.SourceField] = CalendarBooking.Source,
        };
        return all;
    }
}

/// <summary>Where to look for a booking made under an idempotency key. Cal.com cannot search metadata, so the
/// lookup lists the attendee's bookings starting at the requested start and matches the key itself. The booking's
/// length is the event type's, not the requested one, so the window does not assume <paramref name="LengthMinutes"/>
/// (<see cref="Window"/>).</summary>
public sealed record BookingSearch(string AttendeeEmail, DateTime StartUtc, int LengthMinutes)
{
    /// <summary>Longest booking the lookup expects: the window ends this long after the start, whatever was requested.</summary>
    public static readonly TimeSpan MaxBookingLength = TimeSpan.FromHours(24);

    /// <summary>From a minute before the start to <see cref="MaxBookingLength"/> and a minute after it.</summary>
    public (DateTime From, DateTime To) Window => (StartUtc.AddMinutes(-1), StartUtc + MaxBookingLength + TimeSpan.FromMinutes(1));
}
