using System.Text.Json;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Client;
using Temporalio.Converters;
using Temporalio.Exceptions;
using TemporalSagas.Workflows.Saga;

namespace TemporalSagas.Client;

/// <summary>What a timeline span is: a forward step, a compensation, a "did it happen?" check, another activity (an
/// input check), a timer, a wait the saga logged, or the wait for an operator's review.</summary>
public static class SpanKinds
{
    public const string Step = "step";
    public const string Compensation = "compensation";
    public const string Check = "check";
    public const string Activity = "activity";
    public const string Timer = "timer";
    public const string Wait = "wait";
    public const string ReviewWait = "review-wait";
}

/// <summary>How a span ended (<c>running</c> while it has not).</summary>
public static class SpanOutcomes
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string TimedOut = "timed-out";
    public const string Cancelled = "cancelled";
    public const string Fired = "fired";
    public const string Decided = "decided";
}

/// <summary>One bar of the timeline.</summary>
/// <param name="Name">The saga's log name (<c>PROCESS_PAYMENT</c>, <c>COMPENSATE_PROCESS_PAYMENT</c>), from the
/// activity's summary, which the engine starts with it; an activity without one is named by its type.</param>
/// <param name="Attempts">The activity's attempts (the server's count: retries the ledger does not see).</param>
/// <param name="LastError">The error of the last failed attempt: the final one for a failed span, the one before the
/// success for a retried one.</param>
/// <param name="Summary">The activity's or timer's summary (what it did: "charge 400.00 to card").</param>
/// <param name="Result">The activity's result as compact JSON (a payment id, a reference), at most 300 characters.</param>
/// <param name="Failure">This is the failure that stopped the saga (its failed step's last run).</param>
public sealed record TimelineSpan(
    string Kind, string Name, DateTime StartUtc, DateTime? EndUtc, int Attempts, string Outcome,
    string? LastError = null, string? Summary = null, string? Result = null, bool Failure = false)
{
    public double? Seconds => EndUtc is { } end ? (end - StartUtc).TotalSeconds : null;
}

/// <summary>A moment on the timeline: a review decision, a cancel request, a signal or update received.</summary>
public sealed record TimelineMark(string Kind, DateTime AtUtc, string Text);

/// <summary>The saga drawn on a time axis: from its start to its end (or now, <paramref name="NowUtc"/>).</summary>
/// <param name="Accepts">While it runs: the updates its workflow accepts (what moves a saga that waits), with their
/// descriptions, from the workflow's own metadata.</param>
public sealed record SagaTimelineView(
    string WorkflowId, DateTime StartUtc, DateTime? EndUtc, DateTime NowUtc, IReadOnlyList<TimelineSpan> Spans, IReadOnlyList<TimelineMark> Marks,
    IReadOnlyList<string>? Accepts = null);

/// <summary>
/// A saga's timeline, read from its workflow history (not from workflow code, so nothing here can change a replay):
/// each activity's schedule, last start (its attempt and the failure before it) and close are paired into a span,
/// local activities from their markers, timers from their start and fire or cancel, the review wait from the
/// <c>SagaStatus</c> search attribute, decisions from the <c>ResolveManualReview</c> updates and signals.
/// </summary>
public static class SagaTimeline
{
    public const string ReviewUpdate = "ResolveManualReview";
    private const int MaxResultLength = 300;

    public static async Task<SagaTimelineView> ReadAsync(WorkflowHandle handle, SagaState? state, CancellationToken cancellationToken)
    {
        var history = await handle.FetchHistoryAsync(new() { Rpc = new() { CancellationToken = cancellationToken } });
        var view = await BuildAsync(handle.Id, history.Events, handle.Client.Options.DataConverter, state, DateTime.UtcNow);
        return view.EndUtc is null ? view with { Accepts = await AcceptsAsync(handle, state, cancellationToken) } : view;
    }

    private static async Task<IReadOnlyList<string>?> AcceptsAsync(WorkflowHandle handle, SagaState? state, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await handle.QueryAsync<WorkflowMetadata>(
                "__temporal_workflow_metadata", [], new() { Rpc = new() { CancellationToken = cancellationToken } });
            return [.. metadata.Definition.UpdateDefinitions
                .Where(u => u.Name != ReviewUpdate || state?.Status == SagaStatus.ManualReviewRequired)
                .Select(u => string.IsNullOrEmpty(u.Description) ? $"update {u.Name}" : $"update {u.Name}: {u.Description}")];
        }
        catch (WorkflowQueryFailedException)
        {
            return null; // an SDK without the metadata query
        }
    }

    public static async Task<SagaTimelineView> BuildAsync(
        string workflowId, IReadOnlyCollection<HistoryEvent> events, DataConverter converter, SagaState? state, DateTime nowUtc)
    {
        var reader = new Reader(converter);
        foreach (var e in events)
        {
            await reader.ReadAsync(e);
        }

        var spans = reader.Spans();
        if (state is not null)
        {
            spans.AddRange(Waits(state));
            MarkFailure(spans, state);
        }

        var start = reader.Start ?? state?.StartedUtc ?? nowUtc;
        return new(
            workflowId, start, reader.End ?? state?.FinishedUtc, nowUtc,
            [.. spans.OrderBy(s => s.StartUtc).ThenBy(s => s.EndUtc ?? DateTime.MaxValue)], reader.Marks);
    }

    // Waits on a signal or update start no timer, so only the saga's own log knows them.
    private static IEnumerable<TimelineSpan> Waits(SagaState state) =>
        state.Steps.Where(s => s.Kind == StepKind.Wait).Select(s => new TimelineSpan(
            SpanKinds.Wait, s.Name, s.StartedUtc, s.FinishedUtc, 0,
            s.Status switch
            {
                StepStatus.Running => SpanOutcomes.Running,
                StepStatus.Completed => SpanOutcomes.Completed,
                _ => SpanOutcomes.Cancelled,
            },
            s.Error));

    private static void MarkFailure(List<TimelineSpan> spans, SagaState state)
    {
        var at = spans.FindLastIndex(s => s.Name == state.FailedStep && s.Kind is SpanKinds.Step or SpanKinds.Wait
            && s.Outcome is not SpanOutcomes.Completed and not SpanOutcomes.Running);
        if (at >= 0)
        {
            spans[at] = spans[at] with { Failure = true };
        }
    }

    /// <summary>The log name a summary starts with (<c>RESERVE_SEAT: 2 seats</c> → <c>RESERVE_SEAT</c>), or null.</summary>
    public static string? StepName(string? summary)
    {
        if (string.IsNullOrEmpty(summary))
        {
            return null;
        }

        var name = summary.Split(':', 2)[0].Trim();
        return name.Length > 0 && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_') ? name : null;
    }

    private static string KindOf(string? step) => step switch
    {
        null => SpanKinds.Activity,
        _ when step.StartsWith("COMPENSATE_", StringComparison.Ordinal) => SpanKinds.Compensation,
        _ when step.StartsWith("CHECK_", StringComparison.Ordinal) => SpanKinds.Check,
        _ => SpanKinds.Step,
    };

    private sealed class Open
    {
        public required string Kind { get; init; }

        public required string Name { get; init; }

        public required DateTime Start { get; init; }

        public string? Summary { get; set; }

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public DateTime? End { get; set; }

        public string Outcome { get; set; } = SpanOutcomes.Running;

        public string? Result { get; set; }

        public TimelineSpan ToSpan() => new(Kind, Name, Start, End, Attempts, Outcome, LastError, Summary, Result);
    }

    private sealed class Reader(DataConverter converter)
    {
        private readonly Dictionary<long, Open> activities = [];
        private readonly Dictionary<string, Open> timers = [];
        private readonly List<Open> all = [];
        private Open? review;

        public DateTime? Start { get; private set; }

        public DateTime? End { get; private set; }

        public List<TimelineMark> Marks { get; } = [];

        public List<TimelineSpan> Spans() => [.. all.Select(o => o.ToSpan())];

        public async Task ReadAsync(HistoryEvent e)
        {
            var at = e.EventTime.ToDateTime();
            switch (e.EventType)
            {
                case EventType.WorkflowExecutionStarted:
                    Start = at;
                    break;
                case EventType.WorkflowExecutionCompleted or EventType.WorkflowExecutionFailed or EventType.WorkflowExecutionCanceled
                    or EventType.WorkflowExecutionTerminated or EventType.WorkflowExecutionTimedOut or EventType.WorkflowExecutionContinuedAsNew:
                    End = at;
                    break;
                case EventType.WorkflowExecutionCancelRequested:
                    Marks.Add(new("cancel-requested", at, "cancel requested"));
                    break;
                case EventType.ActivityTaskScheduled:
                    await ScheduledAsync(e, at);
                    break;
                case EventType.ActivityTaskStarted when Activity(e.ActivityTaskStartedEventAttributes.ScheduledEventId) is { } started:
                    started.Attempts = e.ActivityTaskStartedEventAttributes.Attempt;
                    if (e.ActivityTaskStartedEventAttributes.LastFailure is { } last)
                    {
                        started.LastError = await MessageAsync(last);
                    }

                    break;
                case EventType.ActivityTaskCompleted when Activity(e.ActivityTaskCompletedEventAttributes.ScheduledEventId) is { } done:
                    Close(done, at, SpanOutcomes.Completed);
                    done.Result = await ResultAsync(e.ActivityTaskCompletedEventAttributes.Result);
                    break;
                case EventType.ActivityTaskFailed when Activity(e.ActivityTaskFailedEventAttributes.ScheduledEventId) is { } failed:
                    Close(failed, at, SpanOutcomes.Failed);
                    failed.LastError = await MessageAsync(e.ActivityTaskFailedEventAttributes.Failure);
                    break;
                case EventType.ActivityTaskTimedOut when Activity(e.ActivityTaskTimedOutEventAttributes.ScheduledEventId) is { } timedOut:
                    Close(timedOut, at, SpanOutcomes.TimedOut);
                    timedOut.LastError = await MessageAsync(e.ActivityTaskTimedOutEventAttributes.Failure);
                    break;
                case EventType.ActivityTaskCanceled when Activity(e.ActivityTaskCanceledEventAttributes.ScheduledEventId) is { } cancelled:
                    Close(cancelled, at, SpanOutcomes.Cancelled);
                    break;
                case EventType.MarkerRecorded when e.MarkerRecordedEventAttributes.MarkerName == "core_local_activity":
                    await LocalActivityAsync(e, at);
                    break;
                case EventType.TimerStarted:
                    await TimerStartedAsync(e, at);
                    break;
                case EventType.TimerFired when timers.GetValueOrDefault(e.TimerFiredEventAttributes.TimerId) is { } fired:
                    Close(fired, at, SpanOutcomes.Fired);
                    break;
                case EventType.TimerCanceled when timers.GetValueOrDefault(e.TimerCanceledEventAttributes.TimerId) is { } stopped:
                    Close(stopped, at, SpanOutcomes.Cancelled);
                    break;
                case EventType.UpsertWorkflowSearchAttributes:
                    await StatusAsync(e, at);
                    break;
                case EventType.WorkflowExecutionUpdateAccepted:
                    var request = e.WorkflowExecutionUpdateAcceptedEventAttributes.AcceptedRequest.Input;
                    await DecisionAsync(at, "update", request.Name, request.Args?.Payloads_);
                    break;
                case EventType.WorkflowExecutionSignaled:
                    var signal = e.WorkflowExecutionSignaledEventAttributes;
                    await DecisionAsync(at, "signal", signal.SignalName, signal.Input?.Payloads_);
                    break;
            }
        }

        private Open? Activity(long scheduledEventId) => activities.GetValueOrDefault(scheduledEventId);

        private async Task ScheduledAsync(HistoryEvent e, DateTime at)
        {
            var summary = await SummaryAsync(e);
            var name = StepName(summary);
            var open = new Open
            {
                Kind = KindOf(name),
                Name = name ?? e.ActivityTaskScheduledEventAttributes.ActivityType.Name,
                Start = at,
                Summary = summary,
                Attempts = 1,
            };
            activities[e.EventId] = open;
            all.Add(open);
        }

        // A local activity leaves one marker when it has finished: its attempts and times are in the marker's data.
        private async Task LocalActivityAsync(HistoryEvent e, DateTime at)
        {
            var marker = e.MarkerRecordedEventAttributes;
            var summary = await SummaryAsync(e);
            var name = StepName(summary);
            var start = at;
            var end = at;
            var attempts = 1;
            string? type = null;
            if (marker.Details.TryGetValue("data", out var data) && data.Payloads_.FirstOrDefault() is { } payload)
            {
                try
                {
                    using var json = JsonDocument.Parse(payload.Data.Memory);
                    var root = json.RootElement;
                    attempts = root.TryGetProperty("attempt", out var a) && a.TryGetInt32(out var n) ? n : 1;
                    type = root.TryGetProperty("activity_type", out var t) ? t.GetString() : null;
                    start = Time(root, "original_schedule_time") ?? at;
                    end = Time(root, "complete_time") ?? at;
                }
                catch (JsonException)
                {
                    // Not the SDK's marker format: the event time stands for both ends.
                }
            }

            var failed = marker.Failure is not null;
            var open = new Open
            {
                Kind = KindOf(name),
                Name = name ?? type ?? "local activity",
                Start = start < end ? start : end,
                Summary = summary,
                Attempts = attempts,
                End = end,
                Outcome = failed ? SpanOutcomes.Failed : SpanOutcomes.Completed,
                LastError = failed ? await MessageAsync(marker.Failure!) : null,
            };
            if (!failed && marker.Details.TryGetValue("result", out var result))
            {
                open.Result = await ResultAsync(result);
            }

            all.Add(open);
        }

        private async Task TimerStartedAsync(HistoryEvent e, DateTime at)
        {
            // The review's reminder timers are the review wait itself: it is drawn once, from the status.
            if (review is not null)
            {
                return;
            }

            var summary = await SummaryAsync(e);
            var timer = new Open
            {
                Kind = SpanKinds.Timer,
                Name = summary ?? $"timer {e.TimerStartedEventAttributes.TimerId}",
                Start = at,
                Summary = $"{e.TimerStartedEventAttributes.StartToFireTimeout.ToTimeSpan()}",
            };
            timers[e.TimerStartedEventAttributes.TimerId] = timer;
            all.Add(timer);
        }

        private async Task StatusAsync(HistoryEvent e, DateTime at)
        {
            var fields = e.UpsertWorkflowSearchAttributesEventAttributes.SearchAttributes?.IndexedFields;
            if (fields is null || !fields.TryGetValue(SagaSearchAttributes.SagaStatus.Name, out var payload))
            {
                return;
            }

            var status = await TextAsync(payload);
            if (status == nameof(SagaStatus.ManualReviewRequired))
            {
                if (review is null)
                {
                    review = new Open { Kind = SpanKinds.ReviewWait, Name = "manual review", Start = at };
                    all.Add(review);
                }
            }
            else if (review is not null)
            {
                Close(review, at, review.Outcome == SpanOutcomes.Running ? SpanOutcomes.Decided : review.Outcome);
                review = null;
            }
        }

        private async Task DecisionAsync(DateTime at, string how, string name, IEnumerable<Payload>? args)
        {
            if (name != ReviewUpdate)
            {
                Marks.Add(new(how, at, $"{how} {name}"));
                return;
            }

            var text = $"review decision ({how})";
            if (args?.FirstOrDefault() is { } payload)
            {
                try
                {
                    var decision = await converter.ToValueAsync<ReviewDecision>(payload);
                    var action = ReviewActionNames.Describe(decision.Action, decision.Step);
                    text = $"{action} by {decision.Operator}{(decision.Note is { } note ? $": {note}" : string.Empty)}";
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
                {
                    // A payload this client cannot read (another codec): the mark still says a decision came.
                }
            }

            Marks.Add(new("review-decision", at, text));
            if (review is not null)
            {
                review.Summary ??= text;
            }
        }

        private static void Close(Open open, DateTime at, string outcome)
        {
            open.End = at;
            open.Outcome = outcome;
        }

        private async Task<string?> SummaryAsync(HistoryEvent e)
        {
            return e.UserMetadata?.Summary is { } summary ? await TextAsync(summary) : null;
        }

        private async Task<string?> TextAsync(Payload payload)
        {
            try
            {
                return await converter.ToValueAsync<string>(payload);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }

        private async Task<string?> MessageAsync(Failure failure)
        {
            if (converter.PayloadCodec is { } codec)
            {
                failure = failure.Clone();
                await codec.DecodeFailureAsync(failure);
            }

            // The SDK wraps an activity's own error (ApplicationFailure) in its cause when the server adds one.
            return string.IsNullOrEmpty(failure.Message) && failure.Cause is { } cause ? cause.Message : failure.Message;
        }

        private async Task<string?> ResultAsync(Payloads? payloads)
        {
            if (payloads?.Payloads_.FirstOrDefault() is not { } payload)
            {
                return null;
            }

            try
            {
                var json = (await converter.ToValueAsync<JsonElement>(payload)).GetRawText();
                return json.Length <= MaxResultLength ? json : json[..MaxResultLength] + "…";
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
            {
                return null;
            }
        }

        private static DateTime? Time(JsonElement root, string name) =>
            root.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.Object
                && t.TryGetProperty("seconds", out var s) && s.TryGetInt64(out var seconds)
                ? DateTime.UnixEpoch.AddSeconds(seconds).AddTicks(
                    (t.TryGetProperty("nanos", out var n) && n.TryGetInt64(out var nanos) ? nanos : 0) / 100)
                : null;
    }
}
