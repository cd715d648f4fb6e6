using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TemporalSagas.Activities;

namespace TemporalSagas.Tests.Workflows.Saga;

/// <summary>
/// A step's name is part of its idempotency key (<c>{workflowId}/{firstRunId}/{step}</c>): renaming a step constant
/// while sagas are in flight changes the keys their redeliveries and compensations use, so the effects of the old
/// name are orphaned — silently, since replay does not compare keys. So step names are guarded like workflow
/// commands: every step name in the recorded histories (the keys of the activities they scheduled, and the
/// activities' summaries) must still be a step constant today. See docs/writing-a-saga.md, "Changing a saga that has
/// sagas in flight".
/// </summary>
public partial class RecordedStepNamesTests
{
    private static readonly string HistoryDir = TemporalSagas.Tests.Replay.RecordedHistories.Directory;

    [Fact]
    public void RecordedHistories_EveryStepNameTheyUse_IsStillAStepConstant()
    {
        var recorded = RecordedStepNames();

        recorded.Keys.Should().Contain(["RESERVE_SEAT", "PROCESS_PAYMENT", "RESERVE_SEATS", "CREATE_ORDER", "CREATE_CALCOM_BOOKING"],
            "the histories of every saga were read");
        var missing = recorded.Where(r => !StepConstants().Contains(r.Key))
            .Select(r => $"{r.Key} (in {string.Join(", ", r.Value.Order())})").ToList();
        missing.Should().BeEmpty(
            "a step of a saga that may be in flight was renamed or removed; keep the old name (see docs/writing-a-saga.md, " +
            "'Changing a saga that has sagas in flight')");
    }

    [Fact]
    public void RecordedHistories_AStepConstantRenamed_IsReported()
    {
        var renamed = StepConstants().Where(name => name != "RESERVE_SEAT").Append("HOLD_SEAT").ToHashSet();

        RecordedStepNames().Keys.Where(name => !renamed.Contains(name)).Should().Equal("RESERVE_SEAT");
    }

    /// <summary>Every public string constant of a <c>*Steps</c> class in the activities, and the names their
    /// numbered-step functions give (<c>BookSegment(1)</c> = <c>BOOK_SEGMENT_1</c>).</summary>
    private static HashSet<string> StepConstants()
    {
        var classes = typeof(BusinessFailure).Assembly.GetTypes().Where(t => t.IsClass && t.Name.EndsWith("Steps", StringComparison.Ordinal));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in classes)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                names.Add((string)field.GetRawConstantValue()!);
            }

            var numbered = type.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => m.ReturnType == typeof(string) && m.GetParameters() is [{ ParameterType: var p }] && p == typeof(int));
            foreach (var method in numbered)
            {
                for (var n = 1; n <= 20; n++)
                {
                    names.Add((string)method.Invoke(null, [n])!);
                }
            }
        }

        return names;
    }

    /// <summary>Step names the recorded histories use, each with the files it appears in.</summary>
    private static Dictionary<string, HashSet<string>> RecordedStepNames()
    {
        var found = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(HistoryDir, "*.json"))
        {
            using var history = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var e in history.RootElement.GetProperty("events").EnumerateArray())
            {
                var names = new List<string>();
                if (e.TryGetProperty("activityTaskScheduledEventAttributes", out var scheduled)
                    && scheduled.TryGetProperty("input", out var input))
                {
                    foreach (var payload in input.GetProperty("payloads").EnumerateArray())
                    {
                        using var args = JsonDocument.Parse(Decode(payload));
                        names.AddRange(KeySteps(args.RootElement));
                    }
                }

                if (e.TryGetProperty("userMetadata", out var metadata) && metadata.TryGetProperty("summary", out var summary)
                    && StepOfSummary().Match(JsonSerializer.Deserialize<string>(Decode(summary)) ?? string.Empty) is { Success: true } step)
                {
                    names.Add(step.Groups["step"].Value);
                }

                foreach (var name in names)
                {
                    (found.TryGetValue(name, out var files) ? files : found[name] = []).Add(Path.GetFileName(file));
                }
            }
        }

        return found;
    }

    // The step of every idempotency key among the activity's arguments ({workflowId}/{runId}/[compensate/|check/]STEP).
    private static IEnumerable<string> KeySteps(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String && property.Name.EndsWith("Key", StringComparison.Ordinal)
                        && StepOfKey().Match(property.Value.GetString()!) is { Success: true } key)
                    {
                        yield return key.Groups["step"].Value;
                    }

                    foreach (var nested in KeySteps(property.Value))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray().SelectMany(KeySteps))
                {
                    yield return item;
                }

                break;
        }
    }

    private static string Decode(JsonElement payload) => Encoding.UTF8.GetString(Convert.FromBase64String(payload.GetProperty("data").GetString()!));

    [GeneratedRegex("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/(?:compensate/|check/)?(?<step>[A-Z][A-Z0-9_]*)$")]
    private static partial Regex StepOfKey();

    // "RESERVE_SEAT: 2 economy seat(s)", "COMPENSATE_RESERVE_SEAT", "CHECK_PROCESS_PAYMENT: did the step take effect?"
    [GeneratedRegex("^(?:COMPENSATE_|CHECK_)?(?<step>[A-Z][A-Z0-9_]*)(?::|$)")]
    private static partial Regex StepOfSummary();
}
