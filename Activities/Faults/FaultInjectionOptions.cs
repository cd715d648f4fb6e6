namespace TemporalSagas.Activities.Faults;

/// <summary>Configuration section <c>Faults</c>.</summary>
public sealed class FaultInjectionOptions
{
    public const string Section = "Faults";

    /// <summary>Honour the fault plans callers send. When unset: on in the Development environment only.</summary>
    public bool Enabled { get; set; }

    /// <summary>Let <see cref="FaultPlan.CrashAfterEffectAt"/> kill this process (crash tests run workers of their own).</summary>
    public bool AllowProcessCrash { get; set; }
}
