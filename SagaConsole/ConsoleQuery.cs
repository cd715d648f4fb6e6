using Microsoft.AspNetCore.Http;
using TemporalSagas.Client.Bounds;
using TemporalSagas.Client.Checks;

namespace TemporalSagas.SagaConsole;

/// <summary>A list route's query string: only the parameters it knows, each at most once (400 naming the one that is not).</summary>
public static class ConsoleQuery
{
    public static void Only(HttpRequest request, params string[] known)
    {
        foreach (var (name, values) in request.Query)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var shown = InputBounds.Printable(name);
                var expected = known.Length == 0 ? "this route takes none" : $"parameters: {string.Join(", ", known)}";
                throw ConsoleProblem.BadInput(shown, $"{shown}: unknown query parameter ({expected})");
            }

            if (values.Count > 1)
            {
                throw ConsoleProblem.BadInput(name, $"{name}: given {values.Count} times, at most once");
            }
        }
    }
}
