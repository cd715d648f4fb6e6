using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace TemporalSagas.Activities.Calcom;

/// <summary>One thing <c>appointment calcom-check</c> found: a problem stops the sagas, a warning weakens a guarantee.</summary>
public sealed record CalcomFinding(string Severity, string Subject, string Message)
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Problem = "problem";
}

/// <summary>
/// <c>appointment calcom-check</c>: the <c>Calcom</c> configuration checked against the real account before the first
/// saga depends on it — the key is accepted (<c>GET /v2/me</c>), every event type the sagas book exists and has a
/// length (<c>GET /v2/event-types/{id}</c>; the booking's length is the event type's, never sent), the bookings list
/// answers (<c>GET /v2/bookings</c>), and team event types are flagged when the key's user may not see their
/// bookings (Cal.com lists to a key only the bookings its user organizes or attends, all of a team's only for a
/// team or organization admin; the "did it happen?" look-up of a lost create needs that list). Reads only.
/// </summary>
public static class CalcomConfigurationCheck
{
    /// <summary>The <c>cal-api-version</c> of the event-types endpoints (the bookings ones use <see cref="CalcomOptions.ApiVersion"/>).</summary>
    public const string EventTypesApiVersion = "2024-06-14";

    public static async Task<IReadOnlyList<CalcomFinding>> RunAsync(
        CalcomOptions options, IReadOnlyDictionary<int, string> eventTypes, HttpMessageHandler? handler, CancellationToken cancellationToken)
    {
        var findings = new List<CalcomFinding>();
        if (!options.UseCalcom)
        {
            return [new(CalcomFinding.Problem, "Calcom:ApiKey", "not set: the sagas book on the SIMULATED calendar, not Cal.com")];
        }

        findings.AddRange(options.Problems().Select(p => new CalcomFinding(CalcomFinding.Problem, "Calcom", p)));
        if (findings.Count > 0)
        {
            return findings;
        }

        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        http.Timeout = TimeSpan.FromSeconds(options.TotalTimeoutSeconds);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);

        var (meStatus, me) = await GetAsync(http, "me", null, cancellationToken);
        if (meStatus != HttpStatusCode.OK)
        {
            findings.Add(new(CalcomFinding.Problem, "Calcom:ApiKey", $"GET /v2/me answered {(int)meStatus}: {Message(me)}"));
            return findings;
        }

        var userId = me?["data"]?["id"]?.GetValue<int>();
        findings.Add(new(CalcomFinding.Ok, "Calcom:ApiKey", $"accepted: user {userId} ({me?["data"]?["email"]})"));

        foreach (var (id, usedBy) in eventTypes.OrderBy(e => e.Key))
        {
            var subject = $"event type {id.ToString(CultureInfo.InvariantCulture)} ({usedBy})";
            var (status, body) = await GetAsync(http, $"event-types/{id.ToString(CultureInfo.InvariantCulture)}", EventTypesApiVersion, cancellationToken);
            if (status != HttpStatusCode.OK)
            {
                findings.Add(new(CalcomFinding.Problem, subject, $"GET /v2/event-types/{id} answered {(int)status}: {Message(body)}"));
                continue;
            }

            var data = body?["data"];
            var length = data?["lengthInMinutes"]?.GetValue<int>();
            findings.Add(length is > 0
                ? new(CalcomFinding.Ok, subject, $"exists, {length} min (every booking of it takes that long)")
                : new(CalcomFinding.Problem, subject, "exists but has no length in minutes"));
            var hosts = data?["hosts"]?.AsArray().Select(h => h?["userId"]?.GetValue<int>()).ToList() ?? [];
            if (data?["teamId"] is JsonValue && hosts.Any(h => h != userId))
            {
                findings.Add(new(
                    CalcomFinding.Warning,
                    subject,
                    $"a team event type with hosts other than the key's user {userId}: Cal.com lists their bookings to this key only if " +
                    "that user is a team or organization admin. Without it, a create whose answer was lost is not found again " +
                    "(the sagas look recorded uids up directly, but a lost answer has none): use an admin's API key."));
            }
        }

        var (listStatus, list) = await GetAsync(http, "bookings?take=1", options.ApiVersion, cancellationToken);
        findings.Add(listStatus == HttpStatusCode.OK
            ? new(CalcomFinding.Ok, "GET /v2/bookings", $"the list answers (cal-api-version {options.ApiVersion})")
            : new(CalcomFinding.Problem, "GET /v2/bookings", $"answered {(int)listStatus}: {Message(list)} (Calcom:ApiVersion {options.ApiVersion})"));
        return findings;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(HttpClient http, string path, string? apiVersion, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (apiVersion is not null)
        {
            request.Headers.Add("cal-api-version", apiVersion);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? body;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            body = JsonValue.Create(text.Length > 200 ? text[..200] : text);
        }

        return (response.StatusCode, body);
    }

    private static string Message(JsonNode? body) =>
        body?["error"]?["message"]?.ToString() ?? body?.ToString() ?? "(no body)";
}
