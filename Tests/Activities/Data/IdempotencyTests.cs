using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Data;

public sealed class IdempotencyTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task RunOnceAsync_SameKeyTwice_RunsTheActionOnceAndReturnsTheStoredResult()
    {
        var runs = 0;

        var first = await RunAsync("k1", "op", () => Task.FromResult(new Sample(++runs, "first")));
        var second = await RunAsync("k1", "op", () => Task.FromResult(new Sample(++runs, "second")));

        runs.Should().Be(1);
        second.Should().Be(first).And.Be(new Sample(1, "first"));
        (await db.ListAsync<IdempotencyRecord>()).Should().ContainSingle().Which.Operation.Should().Be("op");
    }

    [Fact]
    public async Task RunOnceAsync_ActionFails_RecordsNothingSoTheNextCallRunsAgain()
    {
        var act = () => RunAsync<Sample>("k2", "op", () => throw new InvalidOperationException("boom"));
        await act.Should().ThrowAsync<InvalidOperationException>();

        var result = await RunAsync("k2", "op", () => Task.FromResult(new Sample(2, "retry")));

        result.Should().Be(new Sample(2, "retry"));
    }

    [Fact]
    public async Task RunOnceAsync_KeyUsedByAnotherOperation_FailsIdempotencyConflict()
    {
        await RunAsync("k3", "reserve-seat", () => Task.FromResult(new Sample(1, "x")));

        var act = () => RunAsync("k3", "process-payment", () => Task.FromResult(new Sample(2, "y")));

        var failure = (await act.Should().ThrowAsync<ApplicationFailureException>()).Which;
        failure.ErrorType.Should().Be(SagaErrorTypes.IdempotencyConflict);
        failure.NonRetryable.Should().BeTrue();
    }

    private async Task<T> RunAsync<T>(string key, string operation, Func<Task<T>> action)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Idempotency>().RunOnceAsync(key, operation, key, action);
    }

    private sealed record Sample(int Run, string Label);
}
