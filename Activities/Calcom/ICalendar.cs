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

    /// <summary>The booking made under <paramref name="idempotencyKey"/> (the newest, if a duplicate exists), or null.</summary>
    Task<CalendarBooking?> FindByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken);

    /// <summary>Cancels; a booking already cancelled is returned as it is.</summary>
    Task<CalendarBooking> CancelAsync(string uid, string reason, CancellationToken cancellationToken);

    /// <summary>Moves the booking; like Cal.com, the answer may be a new booking that replaced it.</summary>
    Task<CalendarBooking> RescheduleAsync(string uid, DateTime newStartUtc, string reason, CancellationToken cancellationToken);

    /// <summary>Bookings these sagas made (metadata <c>source</c>) starting within the window, any status.</summary>
    Task<IReadOnlyList<CalendarBooking>> ListOursAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);
}
