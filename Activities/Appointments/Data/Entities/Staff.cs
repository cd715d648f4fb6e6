namespace TemporalSagas.Activities.Appointments.Data;

/// <summary>A staff member and their calendar: the Cal.com host id and the event type that books them alone.</summary>
public class Staff
{
    public required string Id { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    public int CalcomHostId { get; set; }

    public int CalcomEventTypeId { get; set; }
}
