using Temporalio.Activities;

namespace TemporalSagas.Activities.Flights;

// PLACEHOLDER signatures: the implementation over the database replaces these bodies.
public class FlightActivities
{
    [Activity]
    public virtual Task<SeatHold> ReserveSeatAsync(ReserveSeatRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task ReleaseSeatAsync(ReleaseSeatRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task<PointsDeduction> DeductLoyaltyPointsAsync(DeductPointsRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task RefundLoyaltyPointsAsync(RefundPointsRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task<PaymentReceipt> ProcessPaymentAsync(PaymentRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task RefundPaymentAsync(RefundPaymentRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task<BookingConfirmation> ConfirmBookingAsync(ConfirmBookingRequest request) => throw new NotImplementedException();

    [Activity]
    public virtual Task CancelBookingAsync(CancelBookingRequest request) => throw new NotImplementedException();
}
