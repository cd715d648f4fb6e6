namespace TemporalSagas.Activities.Calcom.Data;

/// <summary>SIMULATED calendar: one booking, shaped like Cal.com's (uid, status, host, attendee, metadata).</summary>
public class SimulatedCalendarBooking
{
    public int Id { get; set; }

    public required string Uid { get; set; }

    public int EventTypeId { get; set; }

    public int HostId { get; set; }

    public DateTime StartUtc { get; set; }

    public DateTime EndUtc { get; set; }

    public string Status { get; set; } = CalendarBooking.Accepted;

    public required string AttendeeName { get; set; }

    public required string AttendeeEmail { get; set; }

    public required string TimeZone { get; set; }

    public required string MetadataJson { get; set; }

    /// <summary>Copied from the metadata for lookups; not unique: like Cal.com, the calendar itself never deduplicates.</summary>
    public string? IdempotencyKey { get; set; }

    public string? RescheduledFromUid { get; set; }

    public string? RescheduledToUid { get; set; }

    public string? CancellationReason { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? CancelledUtc { get; set; }
}
