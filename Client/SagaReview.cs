namespace TemporalSagas.Client;

/// <summary>The manual-review contract every saga with a review step shares, for every caller (CLI, console, demo).</summary>
public static class SagaReview
{
    /// <summary>The update that resolves a saga waiting in manual review.</summary>
    public const string UpdateName = "ResolveManualReview";
}
