using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace TemporalSagas.Activities.Calcom;

/// <summary>
/// Typed client of the Cal.com API v2 bookings endpoints (<c>cal-api-version: 2024-08-13</c>): <c>POST /bookings</c>,
/// <c>GET /bookings/{uid}</c>, <c>POST /bookings/{uid}/cancel</c>, <c>POST /bookings/{uid}/reschedule</c>, <c>GET /bookings</c>.
/// Every rule below comes from Cal.com's own source (calcom/cal.com, <c>apps/api/v2/src/ee/bookings/2024-08-13/</c>):
/// <list type="bullet">
/// <item>no <c>lengthInMinutes</c> on a create: <c>input.service.ts</c> (<c>validateBookingLengthInMinutes</c>) refuses it
/// unless the event type has several lengths including that value; the booking lasts the event type's length;</item>
/// <item>metadata within <c>validate-metadata.ts</c>'s limits (the key hashed when longer than 500 characters);</item>
/// <item>errors read from the envelope <c>{status, timestamp, path, error:{code, message, details}}</c> into a
/// <see cref="CalcomException"/>, mapped to <see cref="CalcomErrors"/> (<c>errors.service.ts</c>, <c>bookings.service.ts</c>,
/// <c>handleCancelBooking</c>);</item>
/// <item>429 with <c>X-RateLimit-Reset-Default</c> (the throttler guard sends no <c>Retry-After</c>): never retried inside
/// the block, reported as <c>CALCOM_RATE_LIMITED</c> with the seconds to wait;</item>
/// <item>a create, cancel or reschedule, once sent, is never abandoned: it gets its own long timeout
/// (<see cref="CalcomOptions.CreateTimeoutSeconds"/>) and not the activity's cancellation (Cal.com keeps processing a
/// request its client gave up on, so giving up only creates a booking nobody knows about);</item>
/// <item><c>GET /bookings</c> is read page by page (<c>take</c>/<c>skip</c>, Cal.com's <c>pagination.hasNextPage</c>);</item>
/// <item>answers as <c>output.service.ts</c> shapes them: a host id <c>"unknown"</c> (a booking without organizer), an
/// array for a recurring series' uid.</item>
/// </list>
/// </summary>
public sealed class CalcomHttpCalendar(HttpClient http, ILogger<CalcomHttpCalendar> logger) : ICalendar
{
    private const int PageSize = 100;
    private const int MaxPages = 50;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => "cal.com";

    public async Task<CalendarBooking> CreateAsync(NewBooking booking, CancellationToken cancellationToken)
    {
        var metadata = booking.AllMetadata();
        if (CalendarBooking.MetadataProblem(metadata) is { } problem)
        {
            throw BusinessFailure.InvalidInput($"Cal.com create booking: {problem}");
        }

        // No lengthInMinutes: input.service.ts refuses it for an event type without several lengths (the default).
        var body = new
        {
            start = Iso(booking.StartUtc),
            eventTypeId = booking.EventTypeId,
            attendee = new { name = booking.AttendeeName, email = booking.AttendeeEmail, timeZone = booking.TimeZone },
            metadata,
        };
        var created = await SendAsync(HttpMethod.Post, "bookings", body, "create booking", cancellationToken);
        var result = Single(created!.Value, null);
        logger.LogInformation("Cal.com booked {Uid} at {Start:u} ({IdempotencyKey})", result.Uid, booking.StartUtc, booking.IdempotencyKey);
        return result;
    }

    public async Task<CalendarBooking?> GetAsync(string uid, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Get, $"bookings/{Uri.EscapeDataString(uid)}", null, "get booking", cancellationToken, notFoundIsNull: true) is { } data
            ? Single(data, uid)
            : null;

    public async Task<CalendarBooking?> FindByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken) =>
        CalendarLookup.Pick(await this.FindAllAsync(idempotencyKey, search, [], cancellationToken));

    public async Task<IReadOnlyList<CalendarBooking>> ListByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken)
    {
        // Cal.com cannot filter by metadata: list the attendee's bookings from the requested start on (every page), match here.
        var (from, to) = search.Window;
        var query = $"bookings?attendeeEmail={Uri.EscapeDataString(search.AttendeeEmail)}" +
            $"&afterStart={Uri.EscapeDataString(Iso(from))}&beforeEnd={Uri.EscapeDataString(Iso(to))}";
        return [.. (await ListAsync(query, "find booking by idempotency key", cancellationToken)).Where(b => b.HasKey(idempotencyKey))];
    }

    public async Task<CalendarBooking> CancelAsync(string uid, string reason, CancellationToken cancellationToken)
    {
        try
        {
            // handleCancelBooking: "Cancellation reason is required when you are the host" — always send one.
            var cancelled = await SendAsync(
                HttpMethod.Post, $"bookings/{Uri.EscapeDataString(uid)}/cancel", new { cancellationReason = reason }, "cancel booking", cancellationToken, notFoundIsNull: true)
                ?? throw CalcomErrors.NotFound(uid);
            return Single(cancelled, uid);
        }
        catch (Temporalio.Exceptions.ApplicationFailureException e) when (e.ErrorType == CalcomErrors.BookingCancelled)
        {
            // handleCancelBooking: 400 "This booking has already been cancelled." — a cancel is idempotent for us.
            return await GetAsync(uid, cancellationToken) ?? throw CalcomErrors.NotFound(uid);
        }
    }

    public async Task<CalendarBooking> RescheduleAsync(string uid, DateTime newStartUtc, string reason, CancellationToken cancellationToken)
    {
        var moved = await SendAsync(
            HttpMethod.Post,
            $"bookings/{Uri.EscapeDataString(uid)}/reschedule",
            new { start = Iso(newStartUtc), reschedulingReason = reason },
            "reschedule booking",
            cancellationToken,
            notFoundIsNull: true) ?? throw CalcomErrors.NotFound(uid);
        return Single(moved, null);
    }

    public async Task<IReadOnlyList<CalendarBooking>> ListOursAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var query = $"bookings?afterStart={Uri.EscapeDataString(Iso(fromUtc))}&beforeEnd={Uri.EscapeDataString(Iso(toUtc))}";
        return [.. (await ListAsync(query, "list bookings", cancellationToken))
            .Where(b => b.Metadata.GetValueOrDefault(CalendarBooking.SourceField) == CalendarBooking.Source && b.StartUtc >= fromUtc && b.StartUtc < toUtc)];
    }

    private async Task<List<CalendarBooking>> ListAsync(string query, string what, CancellationToken cancellationToken)
    {
        var all = new List<CalendarBooking>();
        for (var page = 0; page < MaxPages; page++)
        {
            var (data, hasNext) = await SendListAsync($"{query}&take={PageSize}&skip={page * PageSize}", what, cancellationToken);
            var bookings = data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().Select(e => Read(e)).ToList() : [];
            all.AddRange(bookings);
            if (!(hasNext ?? bookings.Count == PageSize))
            {
                return all;
            }
        }

        logger.LogWarning("Cal.com {What}: stopped after {Pages} pages of {PageSize}", what, MaxPages, PageSize);
        return all;
    }

    private async Task<(JsonElement Data, bool? HasNext)> SendListAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(HttpMethod.Get, path, null, what, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(response, text, what);
        }

        var root = Parse(text, what, (int)response.StatusCode);
        bool? hasNext = root.TryGetProperty("pagination", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("hasNextPage", out var h)
            && h.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? h.GetBoolean()
            : null;
        return (root.GetProperty("data"), hasNext);
    }

    private async Task<JsonElement?> SendAsync(
        HttpMethod method, string path, object? body, string what, CancellationToken cancellationToken, bool notFoundIsNull = false)
    {
        // A request that changes something is never abandoned once sent (see the class comment): not the activity's
        // cancellation, only its own (long) timeout from the pipeline.
        var token = method == HttpMethod.Get ? cancellationToken : CancellationToken.None;
        using var response = await SendRawAsync(method, path, body, what, token);
        var text = await response.Content.ReadAsStringAsync(token);
        if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull && !IsEventTypeNotFound(text))
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw Failure(response, text, what);
        }

        return Parse(text, what, (int)response.StatusCode).GetProperty("data").Clone();
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException e)
        {
            throw CalcomErrors.Transient($"Cal.com {what}: no answer in time ({e.Message})", e);
        }
        catch (HttpRequestException e)
        {
            throw CalcomErrors.Transient($"Cal.com {what}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw CalcomErrors.Transient($"Cal.com {what}: timed out", e);
        }
    }

    private JsonElement Parse(string text, string what, int status)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                throw new JsonException("no 'data' in the answer");
            }

            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            logger.LogWarning("Cal.com {What} answered {Status} with malformed JSON: {Body}", what, status, Truncate(text));
            throw CalcomErrors.Transient($"Cal.com {what}: malformed answer ({e.Message})", e);
        }
    }

    // A booking, or (for a recurring series' uid, output.service.ts) the array of its occurrences: the one asked for,
    // else the first.
    private CalendarBooking Single(JsonElement data, string? uid)
    {
        try
        {
            if (data.ValueKind == JsonValueKind.Array)
            {
                var all = data.EnumerateArray().Select(e => Read(e)).ToList();
                return all.FirstOrDefault(b => b.Uid == uid) ?? all.FirstOrDefault() ?? throw new JsonException("an empty array of bookings");
            }

            return Read(data);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw CalcomErrors.Transient($"Cal.com: malformed booking ({e.Message})", e);
        }
    }

    private static CalendarBooking Read(JsonElement e)
    {
        var uid = Str(e, "uid");
        if (string.IsNullOrEmpty(uid))
        {
            throw new JsonException("booking without a uid");
        }

        var attendee = e.TryGetProperty("attendees", out var attendees) && attendees.ValueKind == JsonValueKind.Array
            ? attendees.EnumerateArray().FirstOrDefault()
            : default;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in m.EnumerateObject())
            {
                metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ToString();
            }
        }

        return new CalendarBooking(
            e.TryGetProperty("id", out var id) && id.TryGetInt32(out var number) ? number : 0,
            uid,
            Str(e, "status")?.ToLowerInvariant() ?? CalendarBooking.Accepted,
            Time(e, "start"),
            Time(e, "end"),
            e.TryGetProperty("eventTypeId", out var et) && et.TryGetInt32(out var eventType) ? eventType : 0,
            [.. Hosts(e)],
            attendee.ValueKind == JsonValueKind.Object ? Str(attendee, "name") ?? string.Empty : string.Empty,
            attendee.ValueKind == JsonValueKind.Object ? Str(attendee, "email") ?? string.Empty : string.Empty,
            metadata,
            Str(e, "rescheduledFromUid"),
            Str(e, "rescheduledToUid"));
    }

    // output.service.ts: a booking whose organizer Cal.com does not know has host {id: "unknown"}: no host for us.
    private static IEnumerable<CalendarHost> Hosts(JsonElement e)
    {
        if (!e.TryGetProperty("hosts", out var hosts) || hosts.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var h in hosts.EnumerateArray())
        {
            if (h.ValueKind == JsonValueKind.Object && h.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var hostId))
            {
                yield return new CalendarHost(hostId, Str(h, "name") ?? string.Empty, Str(h, "email") ?? string.Empty);
            }
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTime Time(JsonElement e, string name) =>
        DateTime.Parse(Str(e, name) ?? throw new JsonException($"booking without '{name}'"), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static Exception Failure(HttpResponseMessage response, string body, string what)
    {
        var status = response.StatusCode;
        var (code, message, details) = ErrorOf(body);
        var reset = status == HttpStatusCode.TooManyRequests ? ResetOf(response) : null;
        var calcom = new CalcomException(status, code, message, details, reset);
        var text = $"Cal.com {what}: {calcom.Message}";
        return (int)status switch
        {
            // throttler-guard.ts: refused until X-RateLimit-Reset-Default (seconds); no Retry-After is sent.
            429 => CalcomErrors.RateLimit(text, reset ?? CalcomErrors.DefaultBlock, calcom),

            // errors.service.ts: a taken slot is a 400; 409 is for full seats.
            400 when IsSlotTaken(message) => CalcomErrors.SlotTaken(text, calcom),
            409 => CalcomErrors.SlotTaken(text, calcom),

            // handleCancelBooking: "This booking has already been cancelled."; bookings.service.ts canRescheduleBooking:
            // "Can't reschedule booking with uid=... because it has been cancelled ...".
            400 when message.Contains("already been cancelled", StringComparison.OrdinalIgnoreCase)
                || message.Contains("because it has been cancelled", StringComparison.OrdinalIgnoreCase) =>
                new Temporalio.Exceptions.ApplicationFailureException(text, calcom, CalcomErrors.BookingCancelled, nonRetryable: true),
            400 when message.Contains("ended", StringComparison.OrdinalIgnoreCase) || message.Contains("past booking", StringComparison.OrdinalIgnoreCase) =>
                new Temporalio.Exceptions.ApplicationFailureException(text, calcom, CalcomErrors.BookingEnded, nonRetryable: true),
            401 or 403 => new Temporalio.Exceptions.ApplicationFailureException(text, calcom, CalcomErrors.Auth, nonRetryable: true),

            // errors.service.ts handleEventTypeToBeBookedNotFound: "Event type with id X not found." — configuration.
            404 when message.StartsWith("Event type", StringComparison.OrdinalIgnoreCase) =>
                new Temporalio.Exceptions.ApplicationFailureException(
                    $"{text} — check Calcom:DefaultEventTypeId and the staff members' event types (appointment calcom-check)", calcom,
                    CalcomErrors.EventTypeNotFound, nonRetryable: true),
            404 => new Temporalio.Exceptions.ApplicationFailureException(text, calcom, CalcomErrors.BookingNotFound, nonRetryable: true),
            408 or >= 500 => CalcomErrors.Transient(text, calcom),
            _ => new Temporalio.Exceptions.ApplicationFailureException(text, calcom, SagaErrorTypes.InvalidInput, nonRetryable: true),
        };
    }

    private static TimeSpan? ResetOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-RateLimit-Reset-Default", out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static bool IsEventTypeNotFound(string body) => ErrorOf(body).Message.StartsWith("Event type", StringComparison.OrdinalIgnoreCase);

    // errors.service.ts: "User either already has booking at this time or is not available", "One of the hosts either
    // already has booking at this time or is not available"; older versions "no_available_users_found_error".
    private static bool IsSlotTaken(string message) =>
        message.Contains("already has booking at this time", StringComparison.OrdinalIgnoreCase)
        || message.Contains("no_available_users_found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("is not available", StringComparison.OrdinalIgnoreCase);

    private static (string? Code, string Message, string? Details) ErrorOf(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind != JsonValueKind.Object)
                {
                    return (null, error.ToString(), null);
                }

                var code = Str(error, "code");
                var message = error.TryGetProperty("message", out var m) ? (m.ValueKind == JsonValueKind.String ? m.GetString()! : m.ToString()) : Truncate(body);
                var details = error.TryGetProperty("details", out var d) && d.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                    ? Truncate(d.GetRawText())
                    : null;
                return (code, message, details);
            }

            return (null, doc.RootElement.TryGetProperty("message", out var top) ? top.ToString() : Truncate(body), null);
        }
        catch (JsonException)
        {
            return (null, Truncate(body), null);
        }
    }

    private static string Truncate(string text) => text.Length <= 600 ? text : text[..600] + "…";

    private static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
