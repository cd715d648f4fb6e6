namespace TemporalSagas.Activities;

internal static class Ids
{
    // Version 7 GUIDs sort by creation time, which keeps ledger tables readable.
    public static string New(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
