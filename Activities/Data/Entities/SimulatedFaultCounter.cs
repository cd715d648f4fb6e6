namespace TemporalSagas.Activities.Data.Entities;

/// <summary>How many times fault injection has failed the call with this idempotency key.</summary>
public class SimulatedFaultCounter
{
    public required string Key { get; set; }

    public int Failures { get; set; }
}
