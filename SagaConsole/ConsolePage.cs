using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TemporalSagas.SagaConsole;

/// <summary>The console's one page and its script and stylesheet, embedded in the assembly.</summary>
public static class ConsolePage
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "console/index.html", "text/html; charset=utf-8"),
        ("/console.js", "console/console.js", "text/javascript; charset=utf-8"),
        ("/operator.js", "console/operator.js", "text/javascript; charset=utf-8"),
        ("/console.css", "console/console.css", "text/css; charset=utf-8"),
        ("/forms.js", "console/forms.js", "text/javascript; charset=utf-8"),
        ("/forms.css", "console/forms.css", "text/css; charset=utf-8"),
    ];

    public static void Map(WebApplication app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            app.MapGet(path, () => Results.Text(content, contentType)).ExcludeFromDescription();
        }
    }

    private static string Read(string resource)
    {
        using var stream = typeof(ConsolePage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the console resource {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
