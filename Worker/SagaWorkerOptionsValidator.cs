using Microsoft.Extensions.Options;

namespace TemporalSagas.Worker;

internal sealed class SagaWorkerOptionsValidator : IValidateOptions<SagaWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, SagaWorkerOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems
            ? ValidateOptionsResult.Fail(problems)
            : ValidateOptionsResult.Success;
}
