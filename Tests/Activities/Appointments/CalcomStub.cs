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
public sealed record StubFault(HttpStatusCode? Status = null, TimeSpan Delay = default, bool Malformed = false, bool ActThenDelay = false)
{
    public static StubFault Answer(HttpStatusCode status) => new(status);

    /// <summary>Does the work, then answers too late for the client (a create whose answer is lost).</summary>
    public static StubFault Slow(TimeSpan delay) => new(Delay: delay, ActThenDelay: true);

    public static StubFault MalformedJson() => new(Malformed: true);
}

/// <summary>
/// A local HTTP server (Kestrel) that answers like the Cal.com v2 bookings API: bearer key and <c>cal-api-version</c>
/// required, the <c>{status, data}</c> / <c>{status, error: {code, message}}</c> envelopes, hosts with event types and a
/// round-robin one, 409 for a taken slot, reschedules that book anew. Faults are queued per route
/// (<c>"POST /v2/bookings"</c>, <c>"GET /v2/bookings/{uid}"</c>, <c>"GET /v2/bookings"</c>, ...).
/// </summary>
public sealed class CalcomStub : IAsyncDisposable
{
    public const string ApiKey = "cal_test_stub";
    public const string ApiVersion = "2024-08-13";

    private readonly WebApplication app;
    private readonly List<JsonObject> bookings = [];
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<StubFault>> faults = new();
    private int nextId = 1;

    private CalcomStub(WebApplication app) => this.app = app;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Requests by route, in arrival order (the route of a booking's own URL is <c>GET /v2/bookings/{uid}</c>).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<(string? Authorization, string? Version)> Headers { get; } = new();

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

    /// <summary>Bookings whose metadata carries <paramref name="idempotencyKey"/>, any status.</summary>
    public IReadOnlyList<JsonObject> BookingsWithKey(string idempotencyKey)
    {
        lock (gate)
        {
            return [.. bookings.Where(b => b["metadata"]?[CalendarBooking.IdempotencyKeyField]?.GetValue<string>() == idempotencyKey)];
        }
    }

    public int LiveBookings()
    {
        lock (gate)
        {
            return bookings.Count(b => b["status"]!.GetValue<string>() == CalendarBooking.Accepted);
        }
    }

    public async ValueTask DisposeAsync()
    {
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
            _ => $"{context.Request.Method} {path}",
        };
        Requests.Enqueue(route);
        Headers.Enqueue((context.Request.Headers.Authorization.ToString(), context.Request.Headers["cal-api-version"].ToString()));

        StubFault? fault = faults.TryGetValue(route, out var queue) && queue.TryDequeue(out var f) ? f : null;
        if (fault is { ActThenDelay: false })
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
                await ErrorAsync(context, status, status == HttpStatusCode.TooManyRequests ? "ThrottlerException" : "InternalServerErrorException", "simulated by the stub");
                return;
            }
        }

        if (context.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            await ErrorAsync(context, HttpStatusCode.Unauthorized, "UnauthorizedException", "Invalid Access Token.");
            return;
        }

        var (code, body) = await AnswerAsync(context, segments);
        if (fault is { ActThenDelay: true })
        {
            await Task.Delay(fault.Delay, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private async Task<(HttpStatusCode, JsonNode)> AnswerAsync(HttpContext context, string[] segments)
    {
        var request = context.Request;
        if (request.Headers["cal-api-version"].ToString() != ApiVersion)
        {
            return Error(HttpStatusCode.BadRequest, "BadRequestException", "cal-api-version header missing or unknown");
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
                return Error(HttpStatusCode.BadRequest, "BadRequestException", "body is not JSON");
            }
        }

        lock (gate)
        {
            return (request.Method, segments) switch
            {
                ("POST", ["v2", "bookings"]) => Create(input!),
                ("GET", ["v2", "bookings"]) => List(request.Query),
                ("GET", ["v2", "bookings", var uid]) => Find(uid) is { } b ? Ok(HttpStatusCode.OK, b) : NotFound(uid),
                ("POST", ["v2", "bookings", var uid, "cancel"]) => Cancel(uid, input?["cancellationReason"]?.GetValue<string>()),
                ("POST", ["v2", "bookings", var uid, "reschedule"]) => Reschedule(uid, input!),
                _ => Error(HttpStatusCode.NotFound, "NotFoundException", $"Cannot {request.Method} {request.Path}"),
            };
        }
    }

    private (HttpStatusCode, JsonNode) Create(JsonNode input)
    {
        var eventTypeId = input["eventTypeId"]?.GetValue<int>() ?? 0;
        var attendee = input["attendee"];
        if (input["start"] is null || attendee?["email"] is null || eventTypeId <= 0)
        {
            return Error(HttpStatusCode.BadRequest, "BadRequestException", "start, eventTypeId and attendee.email are required");
        }

        var start = Parse(input["start"]!.GetValue<string>());
        var end = start.AddMinutes(input["lengthInMinutes"]?.GetValue<int>() ?? 30);
        if (FreeHost(eventTypeId, start, end, null) is not { } host)
        {
            return Error(HttpStatusCode.Conflict, "ConflictException", "User either already has booking at this time or is not available");
        }

        var booking = NewBooking(eventTypeId, host, start, end, attendee.DeepClone(), input["metadata"]?.DeepClone() ?? new JsonObject());
        return Ok(HttpStatusCode.Created, booking);
    }

    private (HttpStatusCode, JsonNode) Cancel(string uid, string? reason)
    {
        if (Find(uid) is not { } booking)
        {
            return NotFound(uid);
        }

        if (booking["status"]!.GetValue<string>() == CalendarBooking.Cancelled)
        {
            return Error(HttpStatusCode.BadRequest, "BadRequestException", "This booking has already been cancelled.");
        }

        booking["status"] = CalendarBooking.Cancelled;
        booking["cancellationReason"] = reason;
        return Ok(HttpStatusCode.OK, booking);
    }

    private (HttpStatusCode, JsonNode) Reschedule(string uid, JsonNode input)
    {
        if (Find(uid) is not { } old)
        {
            return NotFound(uid);
        }

        var start = Parse(input["start"]!.GetValue<string>());
        var end = start + (Parse(old["end"]!.GetValue<string>()) - Parse(old["start"]!.GetValue<string>()));
        var eventTypeId = old["eventTypeId"]!.GetValue<int>();
        if (FreeHost(eventTypeId, start, end, old["id"]!.GetValue<int>()) is not { } host)
        {
            return Error(HttpStatusCode.Conflict, "ConflictException", "User either already has booking at this time or is not available");
        }

        var replacement = NewBooking(eventTypeId, host, start, end, old["attendees"]![0]!.DeepClone(), old["metadata"]!.DeepClone());
        replacement["rescheduledFromUid"] = uid;
        old["status"] = CalendarBooking.Cancelled;
        old["rescheduledToUid"] = replacement["uid"]!.GetValue<string>();
        return Ok(HttpStatusCode.Created, replacement);
    }

    private (HttpStatusCode, JsonNode) List(IQueryCollection query)
    {
        IEnumerable<JsonObject> found = bookings;
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

        var skip = int.TryParse(query["skip"], out var s) ? s : 0;
        var take = int.TryParse(query["take"], out var t) ? t : 100;
        var page = new JsonArray([.. found.Skip(skip).Take(take).Select(b => (JsonNode)b.DeepClone())]);
        return (HttpStatusCode.OK, new JsonObject { ["status"] = "success", ["data"] = page });
    }

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
        };
        bookings.Add(booking);
        return booking;
    }

    private CalendarHost? FreeHost(int eventTypeId, DateTime start, DateTime end, int? ignore)
    {
        var hosts = SimulatedCalendarData.Hosts
            .Where(h => eventTypeId == SimulatedCalendarData.RoundRobinEventTypeId || h.EventTypeId == eventTypeId)
            .Select(h => new CalendarHost(h.Id, h.Name, h.Email));
        return hosts.FirstOrDefault(h => !bookings.Any(b =>
            b["status"]!.GetValue<string>() != CalendarBooking.Cancelled
            && b["id"]!.GetValue<int>() != ignore
            && b["hosts"]![0]!["id"]!.GetValue<int>() == h.Id
            && Parse(b["start"]!.GetValue<string>()) < end && start < Parse(b["end"]!.GetValue<string>())));
    }

    private JsonObject? Find(string uid) => bookings.FirstOrDefault(b => b["uid"]!.GetValue<string>() == uid);

    private static (HttpStatusCode, JsonNode) Ok(HttpStatusCode code, JsonObject booking) =>
        (code, new JsonObject { ["status"] = "success", ["data"] = booking.DeepClone() });

    private static (HttpStatusCode, JsonNode) NotFound(string uid) => Error(HttpStatusCode.NotFound, "NotFoundException", $"Booking with uid={uid} was not found in the database");

    private static (HttpStatusCode, JsonNode) Error(HttpStatusCode code, string errorCode, string message) =>
        (code, new JsonObject
        {
            ["status"] = "error",
            ["timestamp"] = Iso(DateTime.UtcNow),
            ["error"] = new JsonObject { ["code"] = errorCode, ["message"] = message },
        });

    private static async Task ErrorAsync(HttpContext context, HttpStatusCode code, string errorCode, string message)
    {
        var (status, body) = Error(code, errorCode, message);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        if (status == HttpStatusCode.TooManyRequests)
        {
            context.Response.Headers.RetryAfter = "0";
        }

        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static DateTime Parse(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
