using System.Net;
using Temporalio.Exceptions;

namespace TemporalSagas.Activities.Calcom;

/// <summary>The calendar's error types and how an answer maps to them.</summary>
public static class CalcomErrors
{
    /// <summary>No host free at that time: Cal.com answers 400 "User either already has booking at this time or is not
    /// available" ("One of the hosts either ..." on a team event type; <c>errors.service.ts</c>), or 409 when the seats
    /// are full. Non-retryable on a first attempt; on a retry it may be our own first booking (then retryable, "unknown").</summary>
    public const string SlotUnavailable = "SLOT_UNAVAILABLE";

    /// <summary>401/403: the API key is missing, wrong or lacks the right. Non-retryable.</summary>
    public const string Auth = "CALCOM_AUTH";

    /// <summary>The booking does not exist (404 on a cancel or reschedule). Non-retryable.</summary>
    public const string BookingNotFound = "BOOKING_NOT_FOUND";

    /// <summary>404 "Event type with id X not found." (<c>errors.service.ts</c>): a configuration error (the event type
    /// of the staff member or <c>Calcom:DefaultEventTypeId</c>), not a missing booking. Non-retryable.</summary>
    public const string EventTypeNotFound = "CALCOM_EVENT_TYPE_NOT_FOUND";

    /// <summary>400 on a reschedule of a cancelled booking (<c>bookings.service.ts</c>, <c>canRescheduleBooking</c>).</summary>
    public const string BookingCancelled = "BOOKING_CANCELLED";

    /// <summary>400 on a cancel of a booking that already ended.</summary>
    public const string BookingEnded = "BOOKING_ENDED";

    /// <summary>
    /// 429 from Cal.com's throttler (<c>apps/api/v2/src/lib/throttler-guard.ts</c>): 120 requests per 60 s per API key, then
    /// refused for the block (60 s), with <c>X-RateLimit-Reset-Default</c> (seconds) and no <c>Retry-After</c>. Details[0] is
    /// the seconds until the reset. Non-retryable for a forward step (the workflow waits on a durable timer and runs the
    /// step again); compensations and checks get it retryable with <see cref="ApplicationFailureException.NextRetryDelay"/>.
    /// </summary>
    public const string RateLimited = "CALCOM_RATE_LIMITED";

    /// <summary>5xx, a timeout, a broken connection or an answer that is not the JSON promised. Retryable.</summary>
    public const string Unavailable = "CALCOM_UNAVAILABLE";

    /// <summary>When Cal.com sends no reset header: its default block.</summary>
    public static readonly TimeSpan DefaultBlock = TimeSpan.FromSeconds(60);

    public static ApplicationFailureException SlotTaken(string message, Exception? inner = null) =>
        new(message, inner, SlotUnavailable, nonRetryable: true);

    public static ApplicationFailureException NotFound(string uid) => BusinessFailure.Create(BookingNotFound, $"booking {uid} not found");

    public static ApplicationFailureException Transient(string message, Exception? inner = null) =>
        new(message, inner, Unavailable, nonRetryable: false);

    public static ApplicationFailureException RateLimit(string message, TimeSpan reset, Exception? inner = null) =>
        new(message, inner, RateLimited, nonRetryable: true, details: [reset.TotalSeconds]);

    /// <summary>The seconds until Cal.com's rate limit resets, when <paramref name="failure"/> is a rate-limit refusal.</summary>
    public static TimeSpan? ResetOf(ApplicationFailureException failure) =>
        failure.ErrorType == RateLimited && failure.Details.Count > 0 ? TimeSpan.FromSeconds(Math.Max(1, failure.Details.ElementAt<double>(0))) : null;

    /// <summary>For compensations and checks, which the engine retries for hours: a rate limit is retried once the block
    /// ends (the server waits <c>NextRetryDelay</c>), never sent to manual review.</summary>
    public static ApplicationFailureException Retryable(ApplicationFailureException failure) =>
        ResetOf(failure) is { } reset
            ? new ApplicationFailureException(failure.Message, failure.InnerException, Unavailable, nonRetryable: false, nextRetryDelay: reset + TimeSpan.FromSeconds(1))
            : failure;
}

/// <summary>
/// One error answer of Cal.com, from its envelope <c>{status:"error", timestamp, path, error:{code, message, details}}</c>
/// (the API's global exception filter): the HTTP status, the exception name (<c>BadRequestException</c>), the message,
/// and the details (for validation errors, the validation pipe's messages) as raw JSON.
/// </summary>
public sealed class CalcomException(HttpStatusCode status, string? code, string message, string? details, TimeSpan? rateLimitReset = null)
    : Exception(Describe(status, code, message, details))
{
    public HttpStatusCode Status { get; } = status;

    public string? Code { get; } = code;

    public string CalcomMessage { get; } = message;

    public string? Details { get; } = details;

    /// <summary>From <c>X-RateLimit-Reset-Default</c> on a 429.</summary>
    public TimeSpan? RateLimitReset { get; } = rateLimitReset;

    private static string Describe(HttpStatusCode status, string? code, string message, string? details) =>
        $"HTTP {(int)status} {(code is null ? string.Empty : code + ": ")}{message}"
        + (details is { Length: > 0 } extra && extra != message && !IsEcho(extra, message) ? $" (details: {extra})" : string.Empty);

    // The filter repeats the message in details when there is nothing more to say.
    private static bool IsEcho(string details, string message) =>
        details.Length < message.Length + 60 && details.Contains(message, StringComparison.Ordinal);
}
