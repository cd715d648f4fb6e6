namespace TemporalSagas.Activities.Calcom.Data;

/// <summary>SIMULATED calendar: a host (a staff member's calendar) with the event type that books them alone.</summary>
public class SimulatedCalendarHost
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    public int EventTypeId { get; set; }
}
