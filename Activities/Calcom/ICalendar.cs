namespace TemporalSagas.Activities.Calcom;

/// <summary>
/// The booking calendar the appointment sagas keep consistent with the local database: Cal.com over HTTP
/// (<see cref="CalcomHttpCalendar"/>) or the SIMULATED calendar over the database (<see cref="SimulatedCalendar"/>).
/// Configuration picks (<see cref="CalcomOptions.UseCalcom"/>). Failures are Temporal application failures with the
/// stable types of <see cref="CalcomErrors"/>: non-retryable for business answers, retryable for outages.
/// </summary>
public interface ICalendar
{
    /// <summary><c>cal.com</c> or <c>simulated</c>, for logs and the CLI.</summary>
    string Kind { get; }

    /// <summary>Books; <c>SLOT_UNAVAILABLE</c> when no host is free at that time.</summary>
    Task<CalendarBooking> CreateAsync(NewBooking booking, CancellationToken cancellationToken);

    /// <summary>The booking, or null when the calendar does not know it.</summary>
    Task<CalendarBooking?> GetAsync(string uid, CancellationToken cancellationToken);

    /// <summary>The booking made under <paramref name="idempotencyKey"/>: the live one (following reschedules; the oldest
    /// live one if duplicates exist), else the newest of them, or null.</summary>
    Task<CalendarBooking?> FindByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken);

    /// <summary>The bookings the calendar lists under <paramref name="idempotencyKey"/> in the search window (every page),
    /// any status, without following reschedules (<see cref="CalendarLookup.FindAllAsync"/> does).</summary>
    Task<IReadOnlyList<CalendarBooking>> ListByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken);

    /// <summary>Cancels; a booking already cancelled is returned as it is.</summary>
    Task<CalendarBooking> CancelAsync(string uid, string reason, CancellationToken cancellationToken);

    /// <summary>Moves the booking; like Cal.com, the answer may be a new booking that replaced it.</summary>
    Task<CalendarBooking> RescheduleAsync(string uid, DateTime newStartUtc, string reason, CancellationToken cancellationToken);

    /// <summary>Bookings these sagas made (metadata <c>source</c>) starting within the window, any status.</summary>
    Task<IReadOnlyList<CalendarBooking>> ListOursAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);
}

/// <summary>"Everything made under a key", the way Cal.com lets us find it.</summary>
public static class CalendarLookup
{
    private const int MaxHops = 20;

    /// <summary>
    /// Every booking made under <paramref name="idempotencyKey"/>: those the list shows in the search window, those whose
    /// uid was recorded locally when a create answered (<paramref name="knownUids"/>: Cal.com's list only shows what
    /// the key's user organizes or attends), and every booking a reschedule replaced them with (followed through
    /// <c>rescheduledToUid</c>, which the attendee's own reschedule also sets and which may start outside the window).
    /// </summary>
    public static async Task<IReadOnlyList<CalendarBooking>> FindAllAsync(
        this ICalendar calendar, string idempotencyKey, BookingSearch search, IReadOnlyCollection<string> knownUids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CalendarBooking>(StringComparer.Ordinal);
        foreach (var booking in await calendar.ListByIdempotencyKeyAsync(idempotencyKey, search, cancellationToken))
        {
            found.TryAdd(booking.Uid, booking);
        }

        foreach (var uid in knownUids.Where(u => !found.ContainsKey(u)))
        {
            if (await calendar.GetAsync(uid, cancellationToken) is { } booking)
            {
                found.TryAdd(booking.Uid, booking);
            }
        }

        var pending = new Queue<CalendarBooking>(found.Values);
        var hops = 0;
        while (pending.TryDequeue(out var booking) && hops < MaxHops)
        {
            if (booking.RescheduledToUid is { Length: > 0 } next && !found.ContainsKey(next))
            {
                hops++;
                if (await calendar.GetAsync(next, cancellationToken) is { } moved)
                {
                    found.TryAdd(moved.Uid, moved);
                    pending.Enqueue(moved);
                }
            }
        }

        return [.. found.Values.OrderBy(b => b.Id)];
    }

    /// <summary>The one a caller should treat as "the booking": the oldest live one, else the newest.</summary>
    public static CalendarBooking? Pick(IReadOnlyList<CalendarBooking> bookings) =>
        bookings.Where(b => b.IsLive).OrderBy(b => b.Id).FirstOrDefault() ?? bookings.OrderByDescending(b => b.Id).FirstOrDefault();
}
