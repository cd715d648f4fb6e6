using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace TemporalSagas.Activities.Calcom;

/// <summary>
/// Typed client of the Cal.com v2 bookings API (<c>POST /bookings</c>, <c>GET /bookings/{uid}</c>,
/// <c>POST /bookings/{uid}/cancel</c>, <c>POST /bookings/{uid}/reschedule</c>, <c>GET /bookings</c>). The API key
/// goes as a bearer token with the <c>cal-api-version</c> header; timeouts and the retries of safe requests come from
/// the resilience pipeline registered with it (<see cref="CalcomServiceCollectionExtensions"/>). Answers map to
/// <see cref="CalcomErrors"/>: 409 or "no available users" → <c>SLOT_UNAVAILABLE</c>, other 4xx →
/// <c>INVALID_INPUT</c>, 401/403 → <c>CALCOM_AUTH</c> (all non-retryable); 429, 5xx, timeouts and malformed JSON →
/// retryable <c>CALCOM_UNAVAILABLE</c>.
/// </summary>
public sealed class CalcomHttpCalendar(HttpClient http, ILogger<CalcomHttpCalendar> logger) : ICalendar
{
    private const int PageSize = 100;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => "cal.com";

    public async Task<CalendarBooking> CreateAsync(NewBooking booking, CancellationToken cancellationToken)
    {
        var body = new
        {
            start = Iso(booking.StartUtc),
            eventTypeId = booking.EventTypeId,
            lengthInMinutes = booking.LengthMinutes,
            attendee = new { name = booking.AttendeeName, email = booking.AttendeeEmail, timeZone = booking.TimeZone },
            metadata = booking.AllMetadata(),
        };
        var created = await SendAsync<BookingDto>(HttpMethod.Post, "bookings", body, "create booking", cancellationToken);
        logger.LogInformation("Cal.com booked {Uid} at {Start:u} ({IdempotencyKey})", created!.Uid, booking.StartUtc, booking.IdempotencyKey);
        return created.ToBooking();
    }

    public async Task<CalendarBooking?> GetAsync(string uid, CancellationToken cancellationToken) =>
        (await SendAsync<BookingDto>(HttpMethod.Get, $"bookings/{Uri.EscapeDataString(uid)}", null, "get booking", cancellationToken, notFoundIsNull: true))
            ?.ToBooking();

    public async Task<CalendarBooking?> FindByIdempotencyKeyAsync(string idempotencyKey, BookingSearch search, CancellationToken cancellationToken)
    {
        // Cal.com cannot filter by metadata: list the attendee's bookings around the requested start, match the key here.
        var query = $"bookings?attendeeEmail={Uri.EscapeDataString(search.AttendeeEmail)}" +
            $"&afterStart={Uri.EscapeDataString(Iso(search.StartUtc.AddMinutes(-1)))}" +
            $"&beforeEnd={Uri.EscapeDataString(Iso(search.StartUtc.AddMinutes(search.LengthMinutes + 1)))}&take={PageSize}";
        var page = await SendAsync<List<BookingDto>>(HttpMethod.Get, query, null, "find booking by idempotency key", cancellationToken);
        return page!.Select(b => b.ToBooking())
            .Where(b => b.IdempotencyKey == idempotencyKey)
            .OrderByDescending(b => b.Id)
            .FirstOrDefault();
    }

    public async Task<CalendarBooking> CancelAsync(string uid, string reason, CancellationToken cancellationToken)
    {
        if (await GetAsync(uid, cancellationToken) is { Status: CalendarBooking.Cancelled } already)
        {
            return already;
        }

        var cancelled = await SendAsync<BookingDto>(
            HttpMethod.Post, $"bookings/{Uri.EscapeDataString(uid)}/cancel", new { cancellationReason = reason }, "cancel booking", cancellationToken, notFoundIsNull: true)
            ?? throw CalcomErrors.NotFound(uid);
        return cancelled.ToBooking();
    }

    public async Task<CalendarBooking> RescheduleAsync(string uid, DateTime newStartUtc, string reason, CancellationToken cancellationToken)
    {
        var moved = await SendAsync<BookingDto>(
            HttpMethod.Post,
            $"bookings/{Uri.EscapeDataString(uid)}/reschedule",
            new { start = Iso(newStartUtc), reschedulingReason = reason },
            "reschedule booking",
            cancellationToken,
            notFoundIsNull: true) ?? throw CalcomErrors.NotFound(uid);
        return moved.ToBooking();
    }

    public async Task<IReadOnlyList<CalendarBooking>> ListOursAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var all = new List<CalendarBooking>();
        for (var skip = 0; ; skip += PageSize)
        {
            var query = $"bookings?afterStart={Uri.EscapeDataString(Iso(fromUtc))}&beforeEnd={Uri.EscapeDataString(Iso(toUtc))}&take={PageSize}&skip={skip}";
            var page = await SendAsync<List<BookingDto>>(HttpMethod.Get, query, null, "list bookings", cancellationToken);
            all.AddRange(page!.Select(b => b.ToBooking()).Where(b => b.Metadata.GetValueOrDefault(CalendarBooking.SourceField) == CalendarBooking.Source));
            if (page!.Count < PageSize)
            {
                return all;
            }
        }
    }

    private async Task<T?> SendAsync<T>(
        HttpMethod method, string path, object? body, string what, CancellationToken cancellationToken, bool notFoundIsNull = false)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
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

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound && notFoundIsNull)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Failure(response.StatusCode, ErrorMessage(text), what);
            }

            try
            {
                var envelope = JsonSerializer.Deserialize<Envelope<T>>(text, Json);
                return envelope?.Data ?? throw new JsonException("no 'data' in the answer");
            }
            catch (JsonException e)
            {
                logger.LogWarning("Cal.com {What} answered {Status} with malformed JSON: {Body}", what, (int)response.StatusCode, Truncate(text));
                throw CalcomErrors.Transient($"Cal.com {what}: malformed answer ({e.Message})", e);
            }
        }
    }

    private static Exception Failure(HttpStatusCode status, string message, string what)
    {
        var code = (int)status;
        var text = $"Cal.com {what}: HTTP {code} {message}";
        return status switch
        {
            HttpStatusCode.Conflict => CalcomErrors.SlotTaken(text),
            HttpStatusCode.BadRequest when IsSlotTaken(message) => CalcomErrors.SlotTaken(text),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => BusinessFailure.Create(CalcomErrors.Auth, text),
            HttpStatusCode.NotFound => BusinessFailure.Create(CalcomErrors.BookingNotFound, text),
            HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => CalcomErrors.Transient(text),
            _ when code >= 500 => CalcomErrors.Transient(text),
            _ => BusinessFailure.InvalidInput(text),
        };
    }

    // Cal.com answers a taken slot with 400 and one of these messages.
    private static bool IsSlotTaken(string message) =>
        message.Contains("no_available_users_found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("already has booking", StringComparison.OrdinalIgnoreCase)
        || message.Contains("not available", StringComparison.OrdinalIgnoreCase);

    private static string ErrorMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                    ? $"{(error.TryGetProperty("code", out var c) ? c.ToString() + ": " : string.Empty)}{message}"
                    : error.ToString();
            }

            return doc.RootElement.TryGetProperty("message", out var m) ? m.ToString() : Truncate(body);
        }
        catch (JsonException)
        {
            return Truncate(body);
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Iso(DateTime utc) => utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Envelope<T>(string? Status, T? Data);

    private sealed record PersonDto(int? Id, string? Name, string? Email);

    private sealed record BookingDto(
        int Id,
        string Uid,
        string? Status,
        DateTime Start,
        DateTime End,
        int? EventTypeId,
        List<PersonDto>? Hosts,
        List<PersonDto>? Attendees,
        Dictionary<string, JsonElement>? Metadata,
        string? RescheduledFromUid,
        string? RescheduledToUid)
    {
        public CalendarBooking ToBooking()
        {
            if (string.IsNullOrEmpty(Uid))
            {
                throw new JsonException("booking without a uid");
            }

            var attendee = Attendees?.FirstOrDefault();
            return new CalendarBooking(
                Id,
                Uid,
                Status?.ToLowerInvariant() ?? CalendarBooking.Accepted,
                Start.ToUniversalTime(),
                End.ToUniversalTime(),
                EventTypeId ?? 0,
                [.. (Hosts ?? []).Select(h => new CalendarHost(h.Id ?? 0, h.Name ?? string.Empty, h.Email ?? string.Empty))],
                attendee?.Name ?? string.Empty,
                attendee?.Email ?? string.Empty,
                (Metadata ?? []).ToDictionary(
                    kv => kv.Key, kv => kv.Value.ValueKind == JsonValueKind.String ? kv.Value.GetString()! : kv.Value.ToString(), StringComparer.Ordinal),
                RescheduledFromUid,
                RescheduledToUid);
        }
    }
}
