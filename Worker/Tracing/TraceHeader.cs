using System.Diagnostics;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;

namespace TemporalSagas.Worker.Tracing;

/// <summary>
/// What travels in the Temporal header <see cref="Key"/>: the W3C trace context of the span that asked (the client's
/// start, a step) and, toward an activity, the saga step it runs for (the activity's own info does not carry it).
/// </summary>
public sealed record TraceHeader(string Traceparent, string? Tracestate = null, string? Step = null, string? StepKind = null)
{
    public const string Key = "_sagas-trace";

    public ActivityContext? Context =>
        ActivityContext.TryParse(Traceparent, Tracestate, isRemote: true, out var context) ? context : null;

    public static TraceHeader? For(ActivityContext context, string? step = null, string? stepKind = null) =>
        context == default ? null : new TraceHeader(ToTraceparent(context), context.TraceState, step, stepKind);

    /// <summary><paramref name="headers"/> with this header set, a new dictionary when there were none.</summary>
    public IDictionary<string, Payload> AddTo(IDictionary<string, Payload>? headers)
    {
        headers ??= new Dictionary<string, Payload>();
        // The default converter, not the process's: the codec (payload encryption) is applied to headers on the wire.
        headers[Key] = DataConverter.Default.PayloadConverter.ToPayload(this);
        return headers;
    }

    /// <summary>The header in <paramref name="headers"/>; null when absent or unreadable (a span then starts a trace).</summary>
    public static TraceHeader? From(IReadOnlyDictionary<string, Payload>? headers)
    {
        if (headers is null || !headers.TryGetValue(Key, out var payload))
        {
            return null;
        }

        try
        {
            return DataConverter.Default.PayloadConverter.ToValue<TraceHeader>(payload);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string ToTraceparent(ActivityContext c) =>
        $"00-{c.TraceId.ToHexString()}-{c.SpanId.ToHexString()}-{((c.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
