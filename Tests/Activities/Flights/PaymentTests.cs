using TemporalSagas.Activities;
using TemporalSagas.Activities.Data.Entities;
using TemporalSagas.Activities.Flights;
using TemporalSagas.Activities.Flights.Data;

namespace TemporalSagas.Tests.Activities.Flights;

public sealed class PaymentTests : IAsyncLifetime
{
    private static readonly string Key = TestDatabase.Key(FlightSteps.ProcessPayment);
    private static readonly string UndoKey = TestDatabase.CompensationKey(FlightSteps.ProcessPayment);
    private TestDatabase db = null!;

    public async Task InitializeAsync() => db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Fact]
    public async Task ProcessPaymentAsync_Approved_RecordsOneChargeEvenWhenRedelivered()
    {
        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 420.50m, "card")));
        var again = await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 420.50m, "card")), attempt: 2);

        again.Should().Be(receipt);
        (await db.ListAsync<Payment>()).Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Id = receipt.PaymentId, Kind = Payment.Charge, Amount = 420.50m, Method = "card" });
    }

    [Theory]
    [InlineData(10_000.01, "card")]
    [InlineData(99, SimulatedPaymentGateway.DeclinedCard)]
    public async Task ProcessPaymentAsync_OverLimitOrDeclinedCard_FailsPaymentDeclinedAndWritesNothing(double amount, string method)
    {
        var failure = await db.FailureOfAsync(a => a.ProcessPaymentAsync(new(Key, "alice", (decimal)amount, method)));

        failure.Should().NotBeNull();
        failure!.ErrorType.Should().Be(FlightErrors.PaymentDeclined);
        failure.NonRetryable.Should().BeTrue();
        (await db.ListAsync<Payment>()).Should().BeEmpty();
        (await db.IdempotencyRecordCountAsync()).Should().Be(0);
    }

    [Fact]
    public async Task ProcessPaymentAsync_ExactlyAtLimit_IsApproved()
    {
        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "bob", SimulatedPaymentGateway.DeclineAbove, "card")));

        receipt.Amount.Should().Be(10_000m);
    }

    [Fact]
    public async Task RefundPaymentAsync_AfterCharge_RecordsExactlyOneRefund()
    {
        var receipt = await db.RunAsync(a => a.ProcessPaymentAsync(new(Key, "alice", 300m, "card")));

        await db.RunAsync(a => a.RefundPaymentAsync(new(UndoKey, Key)));
        await db.RunAsync(a => a.RefundPaymentAsync(new(UndoKey, Key)), attempt: 2);
        await db.RunAsync(a => a.RefundPaymentAsync(new("operator/another-key", Key)));

        (await db.ListAsync<Payment>()).Should().ContainSingle(p => p.Kind == Payment.Refund)
            .Which.Should().BeEquivalentTo(new { RefundOf = receipt.PaymentId, Amount = 300m, UserId = "alice" });
    }

    [Fact]
    public async Task RefundPaymentAsync_NoSuchCharge_SucceedsWithoutRefunding()
    {
        await db.RunAsync(a => a.RefundPaymentAsync(new(UndoKey, "saga/never-charged")));

        (await db.ListAsync<Payment>()).Should().BeEmpty();
    }
}
