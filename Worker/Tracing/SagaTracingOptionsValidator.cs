using Microsoft.Extensions.Options;

namespace TemporalSagas.Worker.Tracing;

internal sealed class SagaTracingOptionsValidator : IValidateOptions<SagaTracingOptions>
{
    public ValidateOptionsResult Validate(string? name, SagaTracingOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
