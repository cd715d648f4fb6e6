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
                throw ConsoleProblem.BadInput(shown, $"{shown}: unknown query parameter (parameters: {string.Join(", ", known)})");
            }

            if (values.Count > 1)
            {
                throw ConsoleProblem.BadInput(name, $"{name}: given {values.Count} times, at most once");
            }
        }
    }
}
