namespace TemporalSagas.Activities.Appointments.Data;

/// <summary>A customer, unique by e-mail (stored lower-case): the creation saga upserts it.</summary>
public class Customer
{
    public required string Id { get; set; }

    public required string Email { get; set; }

    public required string Name { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}
