using TemporalSagas.Activities.Faults;

namespace TemporalSagas.SagaConsole;

/// <summary>The simulated failures every test form offers: a failing step, transient failures, a failing compensation.</summary>
public static class ConsoleFaults
{
    public static IReadOnlyList<ConsoleField> Fields(IReadOnlyList<string> steps) =>
    [
        new("failAt", "Step that fails", "select", null, steps, "none: the saga should complete"),
        new("transientAt", "Step with transient failures", "select", null, steps, "retries absorb them"),
        new("transientFailures", "Transient failures", "number", 2),
        new("failCompensationOf", "Step whose compensation fails", "select", null, steps, "the saga goes to manual review"),
    ];

    /// <summary>The fault plan, or null for none; an unknown step or a bad count is a problem naming its field.</summary>
    public static FaultPlan? Read(
        IReadOnlyList<string> steps, string? failAt, string? transientAt, int transientFailures, string? failCompensationOf)
    {
        if (transientFailures is < 0 or > FaultPlan.MaxFailures)
        {
            throw ConsoleProblem.BadInput(
                "transientFailures", $"transientFailures must be between 0 and {FaultPlan.MaxFailures} (got {transientFailures})");
        }

        var plan = new FaultPlan(
            FailAt: Step(steps, "failAt", failAt),
            TransientAt: Step(steps, "transientAt", transientAt),
            TransientFailures: transientFailures,
            FailCompensationOf: Step(steps, "failCompensationOf", failCompensationOf));
        return plan.IsEmpty ? null : plan;
    }

    private static string? Step(IReadOnlyList<string> steps, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var step = value.ToUpperInvariant().Replace('-', '_');
        return steps.Contains(step)
            ? step
            : throw ConsoleProblem.BadInput(field, $"{field}: unknown step '{value}' (steps: {string.Join(", ", steps)})");
    }
}
