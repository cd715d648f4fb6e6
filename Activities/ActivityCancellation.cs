using Temporalio.Activities;

namespace TemporalSagas.Activities;

internal static class ActivityCancellation
{
    /// <summary>The running activity's cancellation token; none when called outside an activity (baseline, tools).</summary>
    public static CancellationToken Token =>
        ActivityExecutionContext.HasCurrent ? ActivityExecutionContext.Current.CancellationToken : CancellationToken.None;
}
