using Temporalio.Client;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Client.Seats;
using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Workflows.Saga;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Tests.Histories;

/// <summary>Records the seat reservation histories the replay tests read, from real runs on <see cref="DevServerFixture"/>;
/// each run's outcome is checked before its history is written.</summary>
[Collection(DevServerCollection.Name)]
public class SeatHistoryRecorder(DevServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [RecordHistoriesFact]
    public async Task Record_SeatReservationHistories()
    {
        var confirmed = await HeldAsync(new(Key(), SeatDemoData.Balcony, 2));
        await SeatReservationClient.ConfirmAsync(fixture.Client, confirmed, new SeatConfirmation("card"));
        await WriteAsync("completed", confirmed, SagaStatus.Completed);

        var released = await HeldAsync(new(Key(), SeatDemoData.Balcony, 1));
        await SeatReservationClient.ReleaseAsync(fixture.Client, released);
        await WriteAsync("compensated-released", released, SagaStatus.Compensated);

        var declined = await HeldAsync(new(Key(), SeatDemoData.Balcony, 1));
        await Assert.ThrowsAsync<SeatReservationException>(
            () => SeatReservationClient.ConfirmAsync(fixture.Client, declined, new SeatConfirmation(SimulatedSeatPayments.DeclinedCard)));
        await WriteAsync("compensated-payment-declined", declined, SagaStatus.Compensated);

        var expired = await HeldAsync(new(Key(), SeatDemoData.Balcony, 1, TimeSpan.FromSeconds(2)));
        await WriteAsync("compensated-expired", expired, SagaStatus.Compensated);
    }

    private static string Key() => $"rec-{Guid.NewGuid():N}";

    private async Task<string> HeldAsync(SeatReservationInput input)
    {
        var booking = await SeatReservationClient.ReserveAsync(fixture.Client, input, fixture.TaskQueue);
        booking.Status.Should().Be(SeatBookingStatus.Held);
        return booking.BookingId;
    }

    private async Task WriteAsync(string name, string bookingId, SagaStatus expected)
    {
        var handle = SeatReservationClient.Handle(fixture.Client, bookingId);
        (await handle.GetResultAsync().WaitAsync(Timeout)).Status.Should().Be(expected, name);
        var history = await handle.FetchHistoryAsync();
        await File.WriteAllTextAsync(Path.Combine(HistoryRecorder.SourceDirectory(), $"seat-reservation-{name}.json"), history.ToJson());
    }
}
