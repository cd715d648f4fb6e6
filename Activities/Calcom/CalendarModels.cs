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

    public bool IsLive => Status is Accepted or Pending;

    public string? IdempotencyKey => Metadata.GetValueOrDefault(IdempotencyKeyField);
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

    public Dictionary<string, string> AllMetadata()
    {
        var all = new Dictionary<string, string>(Metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [CalendarBooking.IdempotencyKeyField] = IdempotencyKey,
            [CalendarBooking.SourceField] = CalendarBooking.Source,
        };
        return all;
    }
}

/// <summary>Where to look for a booking made under an idempotency key. Cal.com cannot search metadata, so the
/// lookup lists the attendee's bookings around the requested start and matches the key itself.</summary>
public sealed record BookingSearch(string AttendeeEmail, DateTime StartUtc, int LengthMinutes);
