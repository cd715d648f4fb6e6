namespace TemporalSagas.Tests.Histories;

/// <summary>
/// A fact that runs only when RECORD_HISTORIES=1: otherwise it is reported as skipped (with the reason), never
/// as a passing test that did nothing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RecordHistoriesFactAttribute : FactAttribute
{
    public const string Variable = "RECORD_HISTORIES";

    public RecordHistoriesFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"re-records Tests/Histories; run with {Variable}=1 (see Tests/Histories/README.md)";
        }
    }
}
