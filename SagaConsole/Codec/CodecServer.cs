using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Temporalio.Converters;

namespace TemporalSagas.SagaConsole.Codec;

/// <summary>
/// A stand-alone codec server (<c>starter codec-server</c>) for the Temporal Web UI: the codec endpoints with CORS
/// for the UI's origin (the browser calls this server from the UI's page, with credentials when the UI is set to
/// send them).
/// </summary>
public static class CodecServer
{
    public static WebApplication Build(IPayloadCodec codec, string urls, IReadOnlyList<string> uiOrigins)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins([.. uiOrigins])
            .WithMethods("POST")
            .WithHeaders("content-type", "x-namespace", "authorization")
            .AllowCredentials()));
        var app = builder.Build();
        app.UseCors();
        app.MapPayloadCodec(codec);
        return app;
    }
}
