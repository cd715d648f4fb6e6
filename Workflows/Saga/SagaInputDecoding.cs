using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Temporalio.Api.Common.V1;
using Temporalio.Converters;
using Temporalio.Workflows;

namespace TemporalSagas.Workflows.Saga;

/// <summary>
/// A saga started with a payload its input record cannot be read from (wrong types, not an object, null, a
/// malformed date) must end at once as <c>INVALID_INPUT</c>. The SDK decodes the start arguments before any
/// workflow code or interceptor runs and turns a decoding error into a workflow task failure, retried forever. So
/// in a workflow's context this converter never fails for a saga's input type: it hands the workflow an empty
/// instance and keeps what could not be read, which <see cref="SagaEngine.RunAsync{TResult}"/> takes before
/// anything else and rejects. Decoding is a pure function of the history's payload, so a replay decides the same.
/// </summary>
public sealed class SagaPayloadConverter(IPayloadConverter inner, ISerializationContext.Workflow? workflow = null)
    : IPayloadConverter, IWithSerializationContext<IPayloadConverter>
{
    // The run (and [WorkflowInit]) parameter types of every saga: only these are decoded leniently.
    private static readonly HashSet<Type> InputTypes = [.. SagaCatalog.All
        .SelectMany(d => d.WorkflowClass.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        .Where(m => m.GetCustomAttribute<WorkflowRunAttribute>() is not null)
        .SelectMany(m => m.GetParameters())
        .Select(p => p.ParameterType)
        .Where(t => t.IsClass && t != typeof(string))];

    public Payload ToPayload(object? value) => inner.ToPayload(value);

    public object? ToValue(Payload payload, Type type)
    {
        if (workflow is null || !InputTypes.Contains(type))
        {
            return inner.ToValue(payload, type);
        }

        string problem;
        try
        {
            if (inner.ToValue(payload, type) is { } value)
            {
                SagaInputDecoding.Record(workflow, null);
                return value;
            }

            problem = "input: null (a JSON object is needed)";
        }
#pragma warning disable CA1031 // whatever the converter says, the input could not be read: the saga rejects it
        catch (Exception e)
#pragma warning restore CA1031
        {
            problem = SagaInputDecoding.Describe(e);
        }

        SagaInputDecoding.Record(workflow, problem);
        return RuntimeHelpers.GetUninitializedObject(type);
    }

    public IPayloadConverter WithSerializationContext(ISerializationContext context)
    {
        var converter = inner is IWithSerializationContext<IPayloadConverter> withContext ? withContext.WithSerializationContext(context) : inner;
        return new SagaPayloadConverter(converter, context as ISerializationContext.Workflow);
    }
}

/// <summary>What <see cref="SagaPayloadConverter"/> could not read of a saga's input, until the saga takes it.</summary>
public static class SagaInputDecoding
{
    private const int MaxKept = 10_000;
    private static readonly ConcurrentDictionary<(string Namespace, string WorkflowId), string?> Decoded = new();

    internal static void Record(ISerializationContext.Workflow workflow, string? problem)
    {
        if (Decoded.Count >= MaxKept)
        {
            // Entries of workflows that never ran their saga (not expected): drop them rather than grow.
            Decoded.Clear();
        }

        Decoded[(workflow.Namespace, workflow.WorkflowId)] = problem;
    }

    /// <summary>The problem with this workflow's input, if its payload could not be read (called once, at the start).</summary>
    public static string? Take()
    {
        Decoded.TryRemove((Workflow.Info.Namespace, Workflow.Info.WorkflowId), out var problem);
        return problem;
    }

    internal static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                // The path names the field ($.quantity); the first sentence says what was wrong, without the type's namespace.
                var what = json.Message.Split(". Path:", 2)[0];
                var at = json.Path is null or "$" ? "the input" : json.Path[2..];
                return $"input: could not read {at}: {Shorten(what)}";
            }
        }

        return $"input: could not be read ({Shorten(e.Message)})";
    }

    private static string Shorten(string text)
    {
        var oneLine = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return oneLine.Length <= 200 ? oneLine : oneLine[..200] + "…";
    }
}
