namespace TemporalSagas.Activities;

/// <summary>
/// What a compensation found to do; returned to the workflow, whose ledger records it. The same strings as the
/// engine's <c>UndoOutcomes</c> (the engine does not reference this project's types).
/// </summary>
public static class CompensationOutcome
{
    public const string Undone = "undone";
    public const string AlreadyUndone = "already-undone";
    public const string NothingToUndo = "nothing-to-undo";
}
