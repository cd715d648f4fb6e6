using Temporalio.Exceptions;

namespace TemporalSagas.Activities.Calcom;

/// <summary>The calendar's error types and how an answer maps to them.</summary>
public static class CalcomErrors
{
    /// <summary>No host free at that time (Cal.com answers 409, or 400 "no available users"). Non-retryable.</summary>
    public const string SlotUnavailable = "SLOT_UNAVAILABLE";

    /// <summary>401/403: the API key is missing, wrong or lacks the right. Non-retryable.</summary>
    public const string Auth = "CALCOM_AUTH";

    /// <summary>The booking does not exist (404 on a cancel or reschedule). Non-retryable.</summary>
    public const string BookingNotFound = "BOOKING_NOT_FOUND";

    /// <summary>429, 5xx, a timeout, a broken connection or an answer that is not the JSON promised. Retryable.</summary>
    public const string Unavailable = "CALCOM_UNAVAILABLE";

    public static ApplicationFailureException SlotTaken(string message) => BusinessFailure.Create(SlotUnavailable, message);

    public static ApplicationFailureException NotFound(string uid) => BusinessFailure.Create(BookingNotFound, $"booking {uid} not found");

    public static ApplicationFailureException Transient(string message, Exception? inner = null) =>
        new(message, inner, Unavailable, nonRetryable: false);
}
