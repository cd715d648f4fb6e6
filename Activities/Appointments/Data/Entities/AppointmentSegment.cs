namespace TemporalSagas.Activities.Appointments.Data;

/// <summary>One booked part of a composite appointment (a staff member, a time, its own Cal.com booking).</summary>
public class AppointmentSegment
{
    public int Id { get; set; }

    public required string AppointmentId { get; set; }

    public int Position { get; set; }

    public required string StaffId { get; set; }

    public DateTime StartsUtc { get; set; }

    public DateTime EndsUtc { get; set; }

    public required string CalcomBookingUid { get; set; }
}
