namespace TemporalSagas.Load;

/// <summary>What one load run does: how many sagas, how many at once, and which failure (if any) each one meets.</summary>
/// <param name="FailAt">The step every saga fails at (then compensates); null: the happy path.</param>
/// <param name="LocalSteps">Run the sagas' database-only steps as local activities.</param>
public sealed record LoadSettings(int Count, int Concurrency, int Warmup, string? FailAt, TimeSpan SagaTimeout, bool LocalSteps = false)
{
    public const int MaxConcurrency = 5000;
}
