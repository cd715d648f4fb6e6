using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Calcom;

namespace TemporalSagas.Tests.Activities.Appointments;

/// <summary>What the stub does to the next request of a route instead of (or after) answering it normally.</summary>
/// <param name="ActThenDelay">Does the work, then answers <paramref name="Delay"/> later (a create whose answer is lost).</param>
/// <param name="ProcessThenAct">Cal.com is slow: the work itself lands only after <paramref name="Delay"/>, whether or not
/// the client is still waiting (a request already sent is not stopped by the client giving up).</param>
public sealed record StubFault(
    HttpStatusCode? Status = null, TimeSpan Delay = default, bool Malformed = false, bool ActThenDelay = false, bool ProcessThenAct = false)
{
    public static StubFault Answer(HttpStatusCode status) => new(status);

    /// <summary>Does the work, then answers too late for the client (a create whose answer is lost).</summary>
    public static StubFault Slow(TimeSpan delay) => new(Delay: delay, ActThenDelay: true);

    /// <summary>Takes <paramref name="delay"/> to process: the booking appears only then, even if the client gave up.</summary>
    public static StubFault SlowProcessing(TimeSpan delay) => new(Delay: delay, ProcessThenAct: true);

    public static StubFault MalformedJson() => new(Malformed: true);
}

/// <summary>An event type as the stub knows it: Cal.com books its own length (<paramref name="LengthMinutes"/>) unless it
/// offers several (<paramref name="MultipleDurations"/>); a team event type (<paramref name="IsTeam"/>) books any free host.</summary>
public sealed record StubEventType(int Id, int LengthMinutes, IReadOnlyList<int> HostIds, bool IsTeam, IReadOnlyList<int>? MultipleDurations = null);

/// <summary>
/// A local HTTP server (Kestrel) that answers like the Cal.com API v2 (bookings, <c>cal-api-version: 2024-08-13</c>),
/// written from Cal.com's own source, not from our client:
/// <list type="bullet">
/// <item>envelopes <c>{status:"success", data}</c> and <c>{status:"error", timestamp, path, error:{code, message, details}}</c>
/// (the API's global exception filter);</item>
/// <item>the booking length is the event type's; <c>lengthInMinutes</c> is refused unless the event type has several
/// lengths including it (<c>input.service.ts</c>, <c>validateBookingLengthInMinutes</c>);</item>
/// <item>metadata ≤ 50 keys, names ≤ 40, string values ≤ 500 (<c>validate-metadata.ts</c>), refused by the validation pipe
/// with the detail in <c>error.details</c>;</item>
/// <item>a taken slot is a 400 "User either already has booking at this time or is not available" ("One of the hosts ..."
/// on a team event type), an unknown event type a 404 "Event type with id X not found." (<c>errors.service.ts</c>);</item>
/// <item>cancelling a cancelled booking is a 400 "This booking has already been cancelled." (<c>handleCancelBooking</c>),
/// rescheduling one is a 400 "Can't reschedule booking with uid=..." (<c>bookings.service.ts</c>, <c>canRescheduleBooking</c>);
/// a reschedule books anew at the event type's length, keeps the metadata, and marks the old booking cancelled with
/// <c>rescheduledToUid</c>;</item>
/// <item>the rate limit of the API's throttler guard (<c>throttler-guard.ts</c>): 120 requests per 60 s per API key, then
/// 429 for the block duration (60 s by default; <see cref="BlockDuration"/> here), every answer with
/// <c>X-RateLimit-Limit-Default</c>, <c>-Remaining-Default</c>, <c>-Reset-Default</c> (seconds) and no <c>Retry-After</c>;</item>
/// <item><c>GET /v2/bookings</c> lists what the key's user organizes or attends, everything only for an admin key
/// (<see cref="KeyIsAdmin"/>), with <c>take</c> (≤ 250) / <c>skip</c> paging and a <c>pagination</c> object.</item>
/// </list>
/// Faults are queued per route (<c>"POST /v2/bookings"</c>, <c>"GET /v2/bookings/{uid}"</c>, <c>"GET /v2/bookings"</c>, ...).
/// </summary>
public sealed class CalcomStub : IAsyncDisposable
{
    public const string ApiKey = "cal_test_stub";
    public const string ApiVersion = "2024-08-13";
    public const string TooManyRequests = "CustomThrottlerGuard - Too many requests. Please try again later.";
    public const int MaxTake = 250;

    private readonly WebApplication app;
    private readonly List<JsonObject> bookings = [];
    private readonly Dictionary<string, JsonArray> series = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubFault>> faults = new();
    private readonly List<Task> inFlight = [];
    private int nextId = 1;
    private int windowHits;
    private DateTime windowStart = DateTime.UtcNow;
    private DateTime? blockedUntil;

    private CalcomStub(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Requests by route, in arrival order (the route of a booking's own URL is <c>GET /v2/bookings/{uid}</c>).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<(string? Authorization, string? Version)> Headers { get; } = new();

    /// <summary>Bodies of the creates received, as sent.</summary>
    public ConcurrentQueue<JsonObject> CreateBodies { get; } = new();

    /// <summary>Requests the rate limit refused (429).</summary>
    public int Refused => refused;

    private int refused;

    public Dictionary<int, StubEventType> EventTypes { get; } = new()
    {
        [SimulatedCalendarData.RoundRobinEventTypeId] = new(SimulatedCalendarData.RoundRobinEventTypeId, 30, [101, 102, 103], IsTeam: true),
        [1001] = new(1001, 30, [101], IsTeam: false),
        [1002] = new(1002, 30, [102], IsTeam: false),
        [1003] = new(1003, 30, [103], IsTeam: false),
    };

    /// <summary>Requests per window per key (Cal.com: 120).</summary>
    public int RateLimit { get; set; } = 120;

    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a key is refused once over its limit (Cal.com: 60 s).</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The user the API key belongs to (a host; bookings it organizes are always listed).</summary>
    public int KeyUserId { get; set; } = 101;

    /// <summary>An admin key (team/org admin) lists every booking of the team's event types; a member's lists its own only.</summary>
    public bool KeyIsAdmin { get; set; } = true;

    public static async Task<CalcomStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new CalcomStub(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub.BaseUrl = $"{address}/v2/";
        return stub;
    }

    public void Enqueue(string route, params StubFault[] next)
    {
        var queue = faults.GetOrAdd(route, _ => new());
        foreach (var fault in next)
        {
            queue.Enqueue(fault);
        }
    }

    public int Count(string route) => Requests.Count(r => r == route);

    /// <summary>Another client used the key's whole quota just now: the next request starts the block.</summary>
    public void ExhaustQuota()
    {
        lock (gate)
        {
            windowStart = DateTime.UtcNow;
            windowHits = RateLimit;
        }
    }

    /// <summary>Bookings whose metadata carries <paramref name="idempotencyKey"/> (as sent), any status.</summary>
    public IReadOnlyList<JsonObject> BookingsWithKey(string idempotencyKey)
    {
        lock (gate)
        {
            return [.. bookings.Where(b => b["metadata"]?[CalendarBooking.IdempotencyKeyField]?.GetValue<string>() == idempotencyKey)];
        }
    }

    public IReadOnlyList<JsonObject> AllBookings()
    {
        lock (gate)
        {
            return [.. bookings.Select(b => (JsonObject)b.DeepClone())];
        }
    }

    public int LiveBookings()
    {
        lock (gate)
        {
            return bookings.Count(b => b["status"]!.GetValue<string>() == CalendarBooking.Accepted);
        }
    }

    /// <summary>Waits for creates still being processed (<see cref="StubFault.SlowProcessing"/>) to land.</summary>
    public Task SettleAsync()
    {
        lock (gate)
        {
            return Task.WhenAll(inFlight);
        }
    }

    /// <summary>The attendee moves the booking in Cal.com's UI: booked anew at <paramref name="start"/>, the old one
    /// cancelled with <c>rescheduledToUid</c>. Returns the new uid.</summary>
    public string RescheduleByAttendee(string uid, DateTime start)
    {
        lock (gate)
        {
            var (code, body) = Reschedule(uid, new JsonObject { ["start"] = Iso(start) });
            return code == HttpStatusCode.Created ? body["data"]!["uid"]!.GetValue<string>() : throw new InvalidOperationException(body.ToJsonString());
        }
    }

    /// <summary>Adds a booking as Cal.com may return one (e.g. without organizer: host id <c>"unknown"</c>).</summary>
    public void AddRaw(JsonObject booking)
    {
        lock (gate)
        {
            bookings.Add(booking);
        }
    }

    /// <summary>A recurring series: <c>GET /v2/bookings/{seriesUid}</c> answers the array of its occurrences.</summary>
    public void AddSeries(string seriesUid, params JsonObject[] occurrences)
    {
        lock (gate)
        {
            series[seriesUid] = new JsonArray([.. occurrences.Select(o => (JsonNode)o.DeepClone())]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await SettleAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var segments = path.Trim('/').Split('/');
        var route = segments switch
        {
            ["v2", "bookings"] => $"{context.Request.Method} /v2/bookings",
            ["v2", "bookings", _] => $"{context.Request.Method} /v2/bookings/{{uid}}",
            ["v2", "bookings", _, var verb] => $"{context.Request.Method} /v2/bookings/{{uid}}/{verb}",
            ["v2", "event-types", _] => $"{context.Request.Method} /v2/event-types/{{id}}",
            _ => $"{context.Request.Method} {path}",
        };
        Requests.Enqueue(route);
        Headers.Enqueue((context.Request.Headers.Authorization.ToString(), context.Request.Headers["cal-api-version"].ToString()));

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            await WriteAsync(context, Error(context, HttpStatusCode.Unauthorized, "UnauthorizedException", "ApiAuthStrategy - api key - Invalid API Key"));
            return;
        }

        // The throttler guard runs before any handler (and before the stub's own faults: they stand for the service).
        if (!Throttle(context))
        {
            Interlocked.Increment(ref refused);
            await WriteAsync(context, Error(context, HttpStatusCode.TooManyRequests, "ThrottlerException", TooManyRequests));
            return;
        }

        StubFault? fault = faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var f) ? f : null;
        if (fault is { ActThenDelay: false, ProcessThenAct: false })
        {
            if (fault.Delay > TimeSpan.Zero)
            {
                await Task.Delay(fault.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (fault.Malformed)
            {
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"status\":\"success\",\"data\":{\"id\":12,\"uid\":");
                return;
            }

            if (fault.Status is { } status)
            {
                await WriteAsync(context, Error(context, status, status == HttpStatusCode.TooManyRequests ? "ThrottlerException" : "InternalServerErrorException", "simulated by the stub"));
                return;
            }
        }

        var answer = AnswerAsync(context, segments, fault is { ProcessThenAct: true } ? fault.Delay : TimeSpan.Zero);
        var (code, body) = await answer;
        if (fault is { ActThenDelay: true })
        {
            await Task.Delay(fault.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await WriteAsync(context, (code, body));
    }

    private bool Throttle(HttpContext context)
    {
        lock (gate)
        {
            var now = DateTime.UtcNow;
            if (now - windowStart >= RateWindow)
            {
                windowStart = now;
                windowHits = 0;
            }

            if (blockedUntil is { } until && now >= until)
            {
                blockedUntil = null;
                windowStart = now;
                windowHits = 0;
            }

            windowHits++;
            if (blockedUntil is null && windowHits > RateLimit)
            {
                blockedUntil = now + BlockDuration;
            }

            var reset = blockedUntil is { } b ? b - now : RateWindow - (now - windowStart);
            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit-Default"] = RateLimit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining-Default"] = (blockedUntil is null ? Math.Max(0, RateLimit - windowHits) : 0).ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset-Default"] = ((int)Math.Ceiling(Math.Max(0, reset.TotalSeconds))).ToString(CultureInfo.InvariantCulture);
            return blockedUntil is null;
        }
    }

    private async Task<(HttpStatusCode, JsonNode)> AnswerAsync(HttpContext context, string[] segments, TimeSpan processing)
    {
        var request = context.Request;
        // Only the bookings controllers are versioned 2024-08-13; event types have their own versions and /v2/me none.
        var isEventTypes = segments is ["v2", "event-types", _] or ["v2", "me"];
        if (!isEventTypes && request.Headers["cal-api-version"].ToString() != ApiVersion)
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException", "cal-api-version header missing or unknown");
        }

        JsonNode? input = null;
        if (request.ContentLength > 0 || request.Method == "POST")
        {
            try
            {
                input = await JsonNode.ParseAsync(request.Body);
            }
            catch (JsonException)
            {
                return Error(context, HttpStatusCode.BadRequest, "BadRequestException", "body is not JSON");
            }
        }

        if (processing > TimeSpan.Zero && (request.Method, segments) is ("POST", ["v2", "bookings"]))
        {
            // Cal.com keeps processing a request whose client gave up: the booking lands after the delay regardless.
            var work = Task.Delay(processing).ContinueWith(
                _ =>
                {
                    lock (gate)
                    {
                        return Create(context, input!);
                    }
                },
                TaskScheduler.Default);
            lock (gate)
            {
                inFlight.Add(work);
            }

            return await work;
        }

        lock (gate)
        {
            return (request.Method, segments) switch
            {
                ("POST", ["v2", "bookings"]) => Create(context, input!),
                ("GET", ["v2", "bookings"]) => List(request.Query),
                ("GET", ["v2", "bookings", var uid]) => Get(context, uid),
                ("POST", ["v2", "bookings", var uid, "cancel"]) => Cancel(context, uid, input?["cancellationReason"]?.GetValue<string>()),
                ("POST", ["v2", "bookings", var uid, "reschedule"]) => Reschedule(uid, input!, context),
                ("GET", ["v2", "event-types", var id]) => EventType(context, id),
                ("GET", ["v2", "me"]) => Me(),
                _ => Error(context, HttpStatusCode.NotFound, "NotFoundException", $"Cannot {request.Method} {request.Path}"),
            };
        }
    }

    private (HttpStatusCode, JsonNode) Create(HttpContext? context, JsonNode input)
    {
        CreateBodies.Enqueue((JsonObject)input.DeepClone());
        var eventTypeId = input["eventTypeId"]?.GetValue<int>() ?? 0;
        var attendee = input["attendee"];
        if (input["start"] is null || attendee?["email"] is null || attendee["name"] is null || attendee["timeZone"] is null)
        {
            return Validation(context, "attendee.name, attendee.email, attendee.timeZone and start are required");
        }

        if (MetadataProblem(input["metadata"]) is { } problem)
        {
            return Validation(context, problem);
        }

        if (!EventTypes.TryGetValue(eventTypeId, out var eventType))
        {
            return Error(context, HttpStatusCode.NotFound, "NotFoundException", $"Event type with id {eventTypeId} not found.");
        }

        var requested = input["lengthInMinutes"]?.GetValue<int>();
        if (requested is not null && eventType.MultipleDurations is not { Count: > 0 })
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException",
                "Can't specify 'lengthInMinutes' because event type does not have multiple possible lengths. Please, remove the 'lengthInMinutes' field from the request.");
        }

        if (requested is { } length && !eventType.MultipleDurations!.Contains(length))
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException",
                $"Provided 'lengthInMinutes' is not one of the possible lengths for the event type. The possible lengths are: {string.Join(", ", eventType.MultipleDurations!)}");
        }

        var start = Parse(input["start"]!.GetValue<string>());
        var end = start.AddMinutes(requested ?? eventType.LengthMinutes);
        if (FreeHost(eventType, start, end, null) is not { } host)
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException", SlotTakenMessage(eventType));
        }

        var booking = NewBooking(eventTypeId, host, start, end, attendee.DeepClone(), input["metadata"]?.DeepClone() ?? new JsonObject());
        return Ok(HttpStatusCode.Created, booking);
    }

    private (HttpStatusCode, JsonNode) Get(HttpContext context, string uid)
    {
        if (series.TryGetValue(uid, out var occurrences))
        {
            return (HttpStatusCode.OK, new JsonObject { ["status"] = "success", ["data"] = occurrences.DeepClone() });
        }

        return Find(uid) is { } b ? Ok(HttpStatusCode.OK, b) : Error(context, HttpStatusCode.NotFound, "NotFoundException", $"Booking with uid={uid} was not found in the database");
    }

    private (HttpStatusCode, JsonNode) Cancel(HttpContext context, string uid, string? reason)
    {
        if (Find(uid) is not { } booking)
        {
            return Error(context, HttpStatusCode.NotFound, "NotFoundException", $"Booking with uid={uid} not found");
        }

        if (booking["status"]!.GetValue<string>() == CalendarBooking.Cancelled)
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException", "This booking has already been cancelled.");
        }

        if (Parse(booking["end"]!.GetValue<string>()) < DateTime.UtcNow)
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException", "Cannot cancel a booking that has already ended.");
        }

        if (string.IsNullOrEmpty(reason) && booking["hosts"]![0]!["id"]?.GetValueKind() == JsonValueKind.Number
            && booking["hosts"]![0]!["id"]!.GetValue<int>() == KeyUserId)
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException", "Cancellation reason is required when you are the host");
        }

        booking["status"] = CalendarBooking.Cancelled;
        booking["cancellationReason"] = reason;
        return Ok(HttpStatusCode.OK, booking);
    }

    private (HttpStatusCode, JsonNode) Reschedule(string uid, JsonNode input, HttpContext? context = null)
    {
        if (Find(uid) is not { } old)
        {
            return Error(context, HttpStatusCode.NotFound, "NotFoundException", $"Booking with uid={uid} not found");
        }

        if (old["status"]!.GetValue<string>() == CalendarBooking.Cancelled)
        {
            return old["rescheduledToUid"]?.GetValue<string>() is { } to
                ? Error(context, HttpStatusCode.BadRequest, "BadRequestException",
                    $"Can't reschedule booking with uid={uid} because it has been cancelled and rescheduled already to booking with uid={to}. You probably want to reschedule {to} instead by passing it within the request URL.")
                : Error(context, HttpStatusCode.BadRequest, "BadRequestException",
                    $"Can't reschedule booking with uid={uid} because it has been cancelled. Please provide uid of a booking that is not cancelled.");
        }

        var eventTypeId = old["eventTypeId"]!.GetValue<int>();
        var eventType = EventTypes[eventTypeId];
        var start = Parse(input["start"]!.GetValue<string>());
        var end = start.AddMinutes(eventType.LengthMinutes); // the event type's length, as a reschedule through the API books it
        if (FreeHost(eventType, start, end, old["id"]!.GetValue<int>()) is not { } host)
        {
            return Error(context, HttpStatusCode.BadRequest, "BadRequestException", SlotTakenMessage(eventType));
        }

        var replacement = NewBooking(eventTypeId, host, start, end, old["attendees"]![0]!.DeepClone(), old["metadata"]!.DeepClone());
        replacement["rescheduledFromUid"] = uid;
        old["status"] = CalendarBooking.Cancelled;
        old["rescheduled"] = true;
        old["rescheduledToUid"] = replacement["uid"]!.GetValue<string>();
        return Ok(HttpStatusCode.Created, replacement);
    }

    private (HttpStatusCode, JsonNode) List(IQueryCollection query)
    {
        IEnumerable<JsonObject> found = bookings.Where(Visible);
        if (query["attendeeEmail"].ToString() is { Length: > 0 } email)
        {
            found = found.Where(b => b["attendees"]![0]!["email"]!.GetValue<string>() == email);
        }

        if (query["afterStart"].ToString() is { Length: > 0 } after)
        {
            found = found.Where(b => Parse(b["start"]!.GetValue<string>()) >= Parse(after));
        }

        if (query["beforeEnd"].ToString() is { Length: > 0 } before)
        {
            found = found.Where(b => Parse(b["end"]!.GetValue<string>()) <= Parse(before));
        }

        if (int.TryParse(query["eventTypeId"], out var eventTypeId))
        {
            found = found.Where(b => b["eventTypeId"]?.GetValue<int>() == eventTypeId);
        }

        var all = found.ToList();
        var skip = int.TryParse(query["skip"], out var s) ? Math.Max(0, s) : 0;
        var take = int.TryParse(query["take"], out var t) ? Math.Clamp(t, 1, MaxTake) : 100;
        var page = all.Skip(skip).Take(take).ToList();
        return (HttpStatusCode.OK, new JsonObject
        {
            ["status"] = "success",
            ["data"] = new JsonArray([.. page.Select(b => (JsonNode)b.DeepClone())]),
            ["pagination"] = new JsonObject
            {
                ["totalItems"] = all.Count,
                ["remainingItems"] = Math.Max(0, all.Count - skip - page.Count),
                ["returnedItems"] = page.Count,
                ["itemsPerPage"] = take,
                ["currentPage"] = (skip / take) + 1,
                ["totalPages"] = (int)Math.Ceiling(all.Count / (double)take),
                ["hasNextPage"] = skip + page.Count < all.Count,
                ["hasPreviousPage"] = skip > 0,
            },
        });
    }

    private (HttpStatusCode, JsonNode) EventType(HttpContext context, string id) =>
        int.TryParse(id, out var number) && EventTypes.TryGetValue(number, out var e)
            ? (HttpStatusCode.OK, new JsonObject
            {
                ["status"] = "success",
                ["data"] = new JsonObject
                {
                    ["id"] = e.Id,
                    ["lengthInMinutes"] = e.LengthMinutes,
                    ["lengthInMinutesOptions"] = new JsonArray([.. (e.MultipleDurations ?? []).Select(d => (JsonNode)d)]),
                    ["schedulingType"] = e.IsTeam ? "roundRobin" : null,
                    ["teamId"] = e.IsTeam ? 7 : null,
                    ["hosts"] = new JsonArray([.. e.HostIds.Select(h => (JsonNode)new JsonObject { ["userId"] = h })]),
                },
            })
            : Error(context, HttpStatusCode.NotFound, "NotFoundException", $"Event type with id={id} not found");

    private (HttpStatusCode, JsonNode) Me() => (HttpStatusCode.OK, new JsonObject
    {
        ["status"] = "success",
        ["data"] = new JsonObject
        {
            ["id"] = KeyUserId,
            ["email"] = HostEmail(KeyUserId),
            ["organizationId"] = null,
            ["role"] = KeyIsAdmin ? "ADMIN" : "USER",
        },
    });

    // The list's scope (bookings.service getBookings → getAllUserBookings): bookings the key's user organizes or
    // attends; a team/org admin sees every booking of the team's event types.
    private bool Visible(JsonObject booking)
    {
        if (KeyIsAdmin)
        {
            return true;
        }

        var host = booking["hosts"]?.AsArray().FirstOrDefault()?["id"];
        return (host?.GetValueKind() == JsonValueKind.Number && host.GetValue<int>() == KeyUserId)
            || booking["attendees"]!.AsArray().Any(a => a?["email"]?.GetValue<string>() == HostEmail(KeyUserId));
    }

    private static string? MetadataProblem(JsonNode? metadata)
    {
        const string message = "metadata must be an object with up to 50 keys, each key name up to 40 characters, and values with a maximum length of 500 characters.";
        if (metadata is null)
        {
            return null;
        }

        if (metadata is not JsonObject o || o.Count > 50)
        {
            return message;
        }

        foreach (var (key, value) in o)
        {
            var kind = value?.GetValueKind();
            if (key.Length > 40 || kind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                || (kind == JsonValueKind.String && value!.GetValue<string>().Length > 500))
            {
                return message;
            }
        }

        return null;
    }

    private static string SlotTakenMessage(StubEventType eventType) => eventType.IsTeam
        ? "One of the hosts either already has booking at this time or is not available"
        : "User either already has booking at this time or is not available";

    private JsonObject NewBooking(int eventTypeId, CalendarHost host, DateTime start, DateTime end, JsonNode attendee, JsonNode metadata)
    {
        var id = nextId++;
        var booking = new JsonObject
        {
            ["id"] = id,
            ["uid"] = $"stub-{id:D4}-{Guid.NewGuid():N}"[..24],
            ["title"] = "Consultation",
            ["status"] = CalendarBooking.Accepted,
            ["start"] = Iso(start),
            ["end"] = Iso(end),
            ["duration"] = (int)(end - start).TotalMinutes,
            ["eventTypeId"] = eventTypeId,
            ["hosts"] = new JsonArray(new JsonObject { ["id"] = host.Id, ["name"] = host.Name, ["email"] = host.Email, ["timeZone"] = "UTC" }),
            ["attendees"] = new JsonArray(attendee),
            ["metadata"] = metadata,
            ["createdAt"] = Iso(DateTime.UtcNow),
        };
        bookings.Add(booking);
        return booking;
    }

    private CalendarHost? FreeHost(StubEventType eventType, DateTime start, DateTime end, int? ignore)
    {
        var hosts = SimulatedCalendarData.Hosts.Where(h => eventType.HostIds.Contains(h.Id)).Select(h => new CalendarHost(h.Id, h.Name, h.Email));
        return hosts.FirstOrDefault(h => !bookings.Any(b =>
            b["status"]!.GetValue<string>() != CalendarBooking.Cancelled
            && b["id"]!.GetValue<int>() != ignore
            && b["hosts"]![0]!["id"]!.GetValueKind() == JsonValueKind.Number
            && b["hosts"]![0]!["id"]!.GetValue<int>() == h.Id
            && Parse(b["start"]!.GetValue<string>()) < end && start < Parse(b["end"]!.GetValue<string>())));
    }

    private static string HostEmail(int hostId) => SimulatedCalendarData.Hosts.FirstOrDefault(h => h.Id == hostId)?.Email ?? $"user{hostId}@stub.example";

    private JsonObject? Find(string uid) => bookings.FirstOrDefault(b => b["uid"]!.GetValue<string>() == uid);

    private static (HttpStatusCode, JsonNode) Ok(HttpStatusCode code, JsonObject booking) =>
        (code, new JsonObject { ["status"] = "success", ["data"] = booking.DeepClone() });

    // The validation pipe's answer: a BadRequestException whose response (the class-validator messages) is the details.
    private static (HttpStatusCode, JsonNode) Validation(HttpContext? context, string problem) =>
        Error(context, HttpStatusCode.BadRequest, "BadRequestException", "Bad Request Exception", new JsonObject
        {
            ["message"] = new JsonArray(problem),
            ["error"] = "Bad Request",
            ["statusCode"] = 400,
        });

    private static (HttpStatusCode, JsonNode) Error(HttpContext? context, HttpStatusCode code, string errorCode, string message, JsonNode? details = null) =>
        (code, new JsonObject
        {
            ["status"] = "error",
            ["timestamp"] = Iso(DateTime.UtcNow),
            ["path"] = context?.Request.Path.Value ?? string.Empty,
            ["error"] = new JsonObject { ["code"] = errorCode, ["message"] = message, ["details"] = details ?? new JsonObject { ["message"] = message, ["statusCode"] = (int)code } },
        });

    private static async Task WriteAsync(HttpContext context, (HttpStatusCode Status, JsonNode Body) answer)
    {
        context.Response.StatusCode = (int)answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Body.ToJsonString());
    }

    private static DateTime Parse(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
