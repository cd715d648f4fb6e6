namespace TemporalSagas.Activities.Flights;

/// <summary>What a compensation found to do; stored as its idempotent result and logged.</summary>
public static class CompensationOutcome
{
    public const string Undone = "undone";
    public const string AlreadyUndone = "already-undone";
    public const string NothingToUndo = "nothing-to-undo";
}
