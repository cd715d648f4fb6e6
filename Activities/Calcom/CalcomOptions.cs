namespace TemporalSagas.Activities.Calcom;

/// <summary>
/// Configuration section <c>Calcom</c>. With no <see cref="ApiKey"/> the sagas book on the SIMULATED calendar
/// (database-backed); with one they call the Cal.com v2 bookings API at <see cref="BaseUrl"/>.
/// </summary>
public sealed class CalcomOptions
{
    public const string Section = "Calcom";

    /// <summary>Cal.com API key (<c>cal_live_...</c>), sent as a bearer token. Empty: the simulated calendar.</summary>
    public string? ApiKey { get; set; }

    public string BaseUrl { get; set; } = "https://api.cal.com/v2/";

    /// <summary>The <c>cal-api-version</c> header the bookings endpoints require.</summary>
    public string ApiVersion { get; set; } = "2024-08-13";

    /// <summary>Event type booked when the caller names neither one nor a staff member.</summary>
    public int DefaultEventTypeId { get; set; } = SimulatedCalendarData.RoundRobinEventTypeId;

    /// <summary>One HTTP attempt's timeout.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>The whole call's timeout, retries of safe (GET) requests included.</summary>
    public double TotalTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Timeout of a create, cancel or reschedule (never retried by the client). Long on purpose: Cal.com keeps processing
    /// a request whose client gave up, so giving up early only leaves a booking nobody knows about (and a retry that
    /// books again). It stays below the calendar step's 60 s start-to-close timeout.
    /// </summary>
    public double CreateTimeoutSeconds { get; set; } = 50;

    /// <summary>Retries of safe requests (GET) on 429, 5xx and timeouts. Unsafe ones (create, cancel, reschedule)
    /// are never retried by the HTTP client: the saga's activity retries them after reconciling by idempotency key.</summary>
    public int SafeRetries { get; set; } = 3;

    /// <summary>First retry delay of a GET (exponential with jitter). A 429 is not retried by the client: Cal.com blocks the
    /// key for 60 s, and the saga waits that out on a durable timer.</summary>
    public double RetryDelaySeconds { get; set; } = 0.5;

    /// <summary>Every problem with these options; empty when valid (checked when the calendar is first resolved).</summary>
    public IEnumerable<string> Problems()
    {
        if (UseCalcom && !Uri.TryCreate(BaseUrl, UriKind.Absolute, out _))
        {
            yield return $"Calcom:BaseUrl must be an absolute URL (got '{BaseUrl}')";
        }

        if (AttemptTimeoutSeconds is <= 0 or > 300 || TotalTimeoutSeconds is <= 0 or > 600 || AttemptTimeoutSeconds > TotalTimeoutSeconds)
        {
            yield return "Calcom: AttemptTimeoutSeconds (0-300] must not exceed TotalTimeoutSeconds (0-600]";
        }

        if (CreateTimeoutSeconds is <= 0 or > 55)
        {
            yield return "Calcom: CreateTimeoutSeconds must be (0-55] (below the calendar step's 60 s timeout)";
        }

        if (SafeRetries is < 0 or > 10 || RetryDelaySeconds is < 0 or > 60)
        {
            yield return "Calcom: SafeRetries must be 0-10 and RetryDelaySeconds 0-60";
        }
    }

    public bool UseCalcom => !string.IsNullOrWhiteSpace(ApiKey);
}
