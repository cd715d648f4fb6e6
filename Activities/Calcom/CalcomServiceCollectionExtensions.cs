using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace TemporalSagas.Activities.Calcom;

public static class CalcomServiceCollectionExtensions
{
    /// <summary>
    /// The calendar behind <see cref="ICalendar"/>: the Cal.com client when <c>Calcom:ApiKey</c> is set, otherwise the
    /// SIMULATED calendar. Options come from the host's configuration (section <c>Calcom</c>); a host without an
    /// <see cref="IConfiguration"/> in its services (bare test containers) gets the defaults, i.e. the simulated calendar.
    /// </summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddOptions<CalcomOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(CalcomOptions.Section).Bind(options))
            .Validate(o => !o.Problems().Any(), "invalid Calcom options: check Calcom:BaseUrl, the timeouts and the retries");

        services.AddHttpClient<CalcomHttpCalendar>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<CalcomOptions>>().Value;
                http.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
                http.DefaultRequestHeaders.Add("cal-api-version", options.ApiVersion);
                http.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's timeouts rule
            })
            .AddResilienceHandler("calcom", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<CalcomOptions>>().Value;
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<CalcomHttpCalendar>();
                // Unsafe requests (create, cancel, reschedule) get CreateTimeoutSeconds for the whole call and the attempt:
                // they are never retried here and should not be abandoned while Cal.com still processes them.
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(TimeSpan.FromSeconds(
                        IsUnsafe(args.Context) ? Math.Max(options.CreateTimeoutSeconds, options.TotalTimeoutSeconds) : options.TotalTimeoutSeconds)),
                });
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(options.SafeRetries, 1),
                    Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,

                    // Not 429: Cal.com's throttler blocks the key for 60 s (X-RateLimit-Reset-Default, no Retry-After);
                    // retries 0.5, 1 and 2 s later all land inside the block. The saga waits it out on a timer instead.
                    ShouldHandle = args => ValueTask.FromResult(
                        HttpClientResiliencePredicates.IsTransient(args.Outcome) && args.Outcome.Result?.StatusCode != System.Net.HttpStatusCode.TooManyRequests),
                    OnRetry = args =>
                    {
                        logger.LogWarning(
                            "Cal.com GET retry {Attempt} after {Outcome}", args.AttemptNumber + 1,
                            args.Outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : args.Outcome.Exception?.GetType().Name);
                        return ValueTask.CompletedTask;
                    },
                };

                // A create, cancel or reschedule that timed out may have happened: the saga reconciles it by its
                // idempotency key before trying again, so the HTTP client never repeats one blindly.
                retry.DisableForUnsafeHttpMethods();
                if (options.SafeRetries > 0)
                {
                    pipeline.AddRetry(retry);
                }

                pipeline.AddTimeout(new HttpTimeoutStrategyOptions
                {
                    TimeoutGenerator = args => ValueTask.FromResult(TimeSpan.FromSeconds(
                        IsUnsafe(args.Context) ? options.CreateTimeoutSeconds : options.AttemptTimeoutSeconds)),
                });
            });

        services.AddScoped<SimulatedCalendar>();
        services.AddScoped<ICalendar>(provider => provider.GetRequiredService<IOptions<CalcomOptions>>().Value.UseCalcom
            ? provider.GetRequiredService<CalcomHttpCalendar>()
            : provider.GetRequiredService<SimulatedCalendar>());
        return services;
    }

    private static bool IsUnsafe(ResilienceContext context) => context.GetRequestMessage()?.Method is { } method && method != HttpMethod.Get;
}
