using System.CommandLine;
using TemporalSagas.Activities.Faults;
using TemporalSagas.Client;

namespace TemporalSagas.Starter.Cli;

/// <summary>A saga start's simulated failures (<c>flight book</c>, <c>order fulfill</c>), checked against the saga's
/// steps; honoured only by a worker with <c>Faults:Enabled</c>. One instance per command.</summary>
public sealed class FaultOptions(IReadOnlyCollection<string> steps)
{
    private readonly Option<string?> FailAt = new("--fail-at") { Description = "Simulate a failure at STEP" };
    private readonly Option<string?> TransientAt = new("--transient-at") { Description = "Simulate transient failures at STEP" };
    private readonly Option<int> TransientFailures = new("--transient-failures")
    {
        Description = $"How many attempts of --transient-at fail (0-{FaultPlan.MaxFailures}, default 2)",
        DefaultValueFactory = _ => 2,
    };

    private readonly Option<string?> FailAfterEffectAt = new("--fail-after-effect-at")
    {
        Description = "STEP takes effect, then its first attempt fails before the server hears back (the retry must not act twice)",
    };

    private readonly Option<string?> SlowAt = new("--slow-at")
    {
        Description = "STEP's outside call takes --slow-seconds and cannot be taken back (try cancelling meanwhile)",
    };

    private readonly Option<double> SlowSeconds = new("--slow-seconds")
    {
        Description = $"How long --slow-at takes (0-{FaultPlan.MaxSlowSeconds}, default 10)",
        DefaultValueFactory = _ => 10,
    };

    private readonly Option<string?> FailCompensationOf = new("--fail-compensation-of")
    {
        Description = "The compensation of STEP fails non-retryably (the saga goes to manual review at once)",
    };

    private readonly Option<int> CompensationFailures = new("--compensation-failures")
    {
        Description = $"How many calls of --fail-compensation-of fail (0-{FaultPlan.MaxFailures}, default 1)",
        DefaultValueFactory = _ => 1,
    };

    public IEnumerable<Option> All =>
    [
        FailAt, TransientAt, TransientFailures, FailAfterEffectAt, SlowAt, SlowSeconds, FailCompensationOf, CompensationFailures,
    ];

    /// <summary>The fault plan the options ask for, or null for none; exit 2 naming the option for a bad step or count.</summary>
    public FaultPlan? Read(ParseResult parse)
    {
        var faults = new FaultPlan(
            FailAt: StepOption(parse, FailAt),
            TransientAt: StepOption(parse, TransientAt),
            TransientFailures: CliBounds.Range(TransientFailures.Name, parse.GetValue(TransientFailures), 0, FaultPlan.MaxFailures),
            FailCompensationOf: StepOption(parse, FailCompensationOf),
            CompensationFailures: CliBounds.Range(
                CompensationFailures.Name, parse.GetValue(CompensationFailures), 0, FaultPlan.MaxFailures),
            FailAfterEffectAt: StepOption(parse, FailAfterEffectAt),
            SlowAt: StepOption(parse, SlowAt),
            SlowSeconds: CliBounds.Range(SlowSeconds.Name, parse.GetValue(SlowSeconds), 0, FaultPlan.MaxSlowSeconds));
        return faults.IsEmpty ? null : faults;
    }

    private string? StepOption(ParseResult parse, Option<string?> option)
    {
        var step = parse.GetValue(option);
        if (step is null)
        {
            return null;
        }

        step = step.ToUpperInvariant().Replace('-', '_');
        return steps.Contains(step)
            ? step
            : throw CliException.BadInput(
                $"{option.Name}: unknown step '{parse.GetValue(option)}' (steps: {string.Join(", ", steps)})",
                option.Name);
    }
}
