using TemporalSagas.Activities;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Flights;

public sealed class LoyaltyPointsTests : IAsyncLifetime
{
    private static readonly string Key = TestDatabase.Key(FlightSteps.DeductLoyaltyPoints);
    private static readonly string UndoKey = TestDatabase.CompensationKey(FlightSteps.DeductLoyaltyPoints);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task DeductLoyaltyPointsAsync_EnoughPoints_DeductsAndReturnsDiscount()
    {
        var deduction = await db.RunAsync(a => a.DeductLoyaltyPointsAsync(new(Key, "alice", 10_000)));

        deduction.Should().BeEquivalentTo(new { UserId = "alice", Points = 10_000, Discount = 100.00m });
        (await db.PointsBalanceAsync("alice")).Should().Be(40_000);
        (await db.ListAsync<LoyaltyTransaction>()).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Id = deduction.DeductionId, Kind = LoyaltyTransaction.Deduct, Points = 10_000 });
    }

    [Fact]
    public async Task DeductLoyaltyPointsAsync_Redelivered_DeductsOnce()
    {
        var first = await db.RunAsync(a => a.DeductLoyaltyPointsAsync(new(Key, "bob", 400)));
        var again = await db.RunAsync(a => a.DeductLoyaltyPointsAsync(new(Key, "bob", 400)), attempt: 2);

        again.Should().Be(first);
        (await db.PointsBalanceAsync("bob")).Should().Be(600);
    }

    [Fact]
    public async Task DeductLoyaltyPointsAsync_NotEnoughPoints_FailsInsufficientPointsAndWritesNothing()
    {
        var failure = await db.FailureOfAsync(a => a.DeductLoyaltyPointsAsync(new(Key, "bob", 1_001)));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(FlightErrors.InsufficientPoints);
        failure.NonRetryable.Should().BeTrue();
        (await db.PointsBalanceAsync("bob")).Should().Be(1_000);
        (await db.ListAsync<LoyaltyTransaction>()).Should().BeEmpty();
        (await db.IdempotencyRecordCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task DeductLoyaltyPointsAsync_UnknownUser_FailsInvalidInput()
    {
        var failure = await db.FailureOfAsync(a => a.DeductLoyaltyPointsAsync(new(Key, "mallory", 10)));

        failure!.ErrorType.Should().Be(SagaErrorTypes.InvalidInput);
        failure.NonRetryable.Should().BeTrue();
        failure.Message.Should().Contain("mallory");
    }

    [Fact]
    public async Task RefundLoyaltyPointsAsync_AfterDeduction_CreditsBackExactlyOnce()
    {
        var deduction = await db.RunAsync(a => a.DeductLoyaltyPointsAsync(new(Key, "alice", 5_000)));

        await db.RunAsync(a => a.RefundLoyaltyPointsAsync(new(UndoKey, Key)));
        await db.RunAsync(a => a.RefundLoyaltyPointsAsync(new(UndoKey, Key)), attempt: 2);
        await db.RunAsync(a => a.RefundLoyaltyPointsAsync(new("operator/another-key", Key)));

        (await db.PointsBalanceAsync("alice")).Should().Be(50_000);
        (await db.ListAsync<LoyaltyTransaction>()).Should().ContainSingle(t => t.Kind == LoyaltyTransaction.Refund)
            .Which.RefundOf.Should().Be(deduction.DeductionId);
    }

    [Fact]
    public async Task RefundLoyaltyPointsAsync_NothingDeducted_SucceedsWithoutCrediting()
    {
        await db.RunAsync(a => a.RefundLoyaltyPointsAsync(new(UndoKey, "saga/never-deducted")));

        (await db.PointsBalanceAsync("carol")).Should().Be(0);
        (await db.ListAsync<LoyaltyTransaction>()).Should().BeEmpty();
    }
}
