using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Tests.Activities.Data;

/// <summary>
/// A step committed, its answer was lost, and a deployment added an optional field to its request record before the
/// redelivery: the redelivery serialises the new field as null. Its fingerprint must still match the first
/// delivery's, or <c>IDEMPOTENCY_CONFLICT</c> would orphan the effect; a real change must still differ.
/// </summary>
public sealed class FingerprintTests : IAsyncLifetime
{
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public void Fingerprint_OptionalFieldsAddedWithDefaultValues_Unchanged()
    {
        var v1 = new HoldV1("k", "VIP", 3, new Plan("RESERVE", 1));

        Idempotency.Fingerprint(new HoldV2("k", "VIP", 3, new Plan("RESERVE", 1)))
            .Should().Be(Idempotency.Fingerprint(v1), "null, false, 0, \"\" and [] are what an added optional field serialises as");
        Idempotency.Fingerprint(new HoldV2Reordered(3, "VIP", "k", new Plan("RESERVE", 1)))
            .Should().Be(Idempotency.Fingerprint(v1), "the order of the fields is not part of the request");
    }

    [Theory]
    [InlineData(4, "VIP", null)]
    [InlineData(3, "FLOOR", null)]
    [InlineData(3, "VIP", "window seat")]
    public void Fingerprint_AValueChangedOrAnAddedFieldSet_Differs(int quantity, string zone, string? note)
    {
        var v1 = Idempotency.Fingerprint(new HoldV1("k", "VIP", 3, new Plan("RESERVE", 1)));

        Idempotency.Fingerprint(new HoldV2("k", zone, quantity, new Plan("RESERVE", 1), note)).Should().NotBe(v1);
    }

    [Fact]
    public void Fingerprint_NestedValueChanged_Differs()
    {
        Idempotency.Fingerprint(new HoldV1("k", "VIP", 3, new Plan("RESERVE", 2)))
            .Should().NotBe(Idempotency.Fingerprint(new HoldV1("k", "VIP", 3, new Plan("RESERVE", 1))));
    }

    [Fact]
    public async Task RunOnceAsync_RedeliveredAfterADeployAddedAnOptionalField_ReplaysTheFirstResult()
    {
        var runs = 0;
        var first = await RunAsync("deploy", new HoldV1("deploy", "VIP", 3, null), () => Task.FromResult(++runs));

        var again = await RunAsync("deploy", new HoldV2("deploy", "VIP", 3, null), () => Task.FromResult(++runs));

        again.Should().Be(first);
        runs.Should().Be(1);
    }

    [Fact]
    public async Task RunOnceAsync_RecordStoredWithTheLegacyFingerprint_StillReplays()
    {
        var request = new HoldV1("legacy", "VIP", 3, null);
        await using (var context = db.NewContext())
        {
            context.Set<IdempotencyRecord>().Add(new IdempotencyRecord
            {
                Key = "legacy",
                Operation = "hold",
                ResultJson = "7",
                RequestHash = Idempotency.LegacyFingerprint(request),
                CreatedUtc = DateTime.UtcNow,
            });
            await context.SaveChangesAsync();
        }

        var replayed = await RunAsync("legacy", request, () => Task.FromResult(99));

        replayed.Should().Be(7);
        Idempotency.LegacyFingerprint(request).Should().NotBe(Idempotency.Fingerprint(request), "the two forms differ, so this test proves the fallback");
    }

    [Fact]
    public async Task RunOnceAsync_SameKeyAnotherRequestOnARedelivery_ConflictCarriesTheAttemptSoTheEngineTreatsItAsUnknown()
    {
        await RunAsync("conflict", new HoldV1("conflict", "VIP", 3, null), () => Task.FromResult(1));

        var failure = await db.FailureOfAsync(
            async _ =>
            {
                await using var scope = db.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<Idempotency>()
                    .RunOnceAsync("conflict", "hold", new HoldV1("conflict", "VIP", 4, null), () => Task.FromResult(2));
            },
            attempt: 2);

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(SagaErrorTypes.IdempotencyConflict);
        failure.NonRetryable.Should().BeTrue();
        failure.Details.ElementAt<BusinessFailureDetails>(0).Attempt.Should().Be(2);
        (await db.ListAsync<IdempotencyRecord>()).Should().ContainSingle();
    }

    private async Task<T> RunAsync<T>(string key, object request, Func<Task<T>> action)
    {
        await using var scope = db.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Idempotency>().RunOnceAsync(key, "hold", request, action);
    }

    private sealed record Plan(string FailAt, int Times);

    private sealed record HoldV1(string IdempotencyKey, string ZoneId, int Quantity, Plan? Faults);

    private sealed record HoldV2(
        string IdempotencyKey, string ZoneId, int Quantity, Plan? Faults, string? Note = null, bool Express = false,
        int Priority = 0, string Channel = "", IReadOnlyList<string>? Tags = null, IReadOnlyList<string>? Seats = null)
    {
        public HoldV2(string idempotencyKey, string zoneId, int quantity, Plan? faults, string? note)
            : this(idempotencyKey, zoneId, quantity, faults, note, false, 0, "", null, [])
        {
        }
    }

    private sealed record HoldV2Reordered(int Quantity, string ZoneId, string IdempotencyKey, Plan? Faults, string? Note = null);
}
