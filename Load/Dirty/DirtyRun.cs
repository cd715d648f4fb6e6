using System.Collections.Concurrent;
using System.Diagnostics;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Load;

namespace TemporalSagas.Load.Dirty;

/// <summary>One scenario's bookkeeping: counters, timed calls, problems, and the final checks. It names no saga:
/// a domain's calls (a seat reserve, an order start) are extensions in the domain's load folder, timed with
/// <see cref="TimeAsync{T}"/>.</summary>
public sealed class DirtyRun(string scenario, IDirtyHost host)
{
    private readonly ConcurrentDictionary<string, long> counters = new();
    private readonly ConcurrentDictionary<string, ConcurrentBag<TimeSpan>> latencies = new();
    private readonly ConcurrentQueue<string> problems = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();

    /// <summary>Unique per run, so zones and keys of two runs on one database never meet.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    public IDirtyHost Host => host;

    public void Count(string counter, long by = 1) => counters.AddOrUpdate(counter, by, (_, n) => n + by);

    public void Set(string counter, long value) => counters[counter] = value;

    public long Counter(string counter) => counters.GetValueOrDefault(counter);

    public void Problem(string problem) => problems.Enqueue(problem);

    public void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            Problem(problem);
        }
    }

    public SagasDbContext Db() => SagaDatabase.Open(host.Database);

    public string Key(string name, int i) => $"{scenario}-{RunId}-{name}-{i}";

    /// <summary>Runs <paramref name="call"/> and adds its duration, whether it succeeded or threw, to the latency
    /// figures reported under <paramref name="name"/>.</summary>
    public async Task<T> TimeAsync<T>(string name, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            latencies.GetOrAdd(name, _ => []).Add(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>A call that fails because the server is gone is tried again with the same key (safe: the key is the
    /// saga's id); the same client object reconnects by itself once the server is back.</summary>
    public async Task<T> RetryWhileServerDownAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && DateTime.UtcNow < deadline && ServerDown(e))
            {
                Count("client_retries");
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    /// <summary>How many of the run's workflows still run, after giving them a bounded minute to close (a saga answers
    /// its caller before it closes: a seat Confirm refused PAYMENT_TIMEOUT still releases and refunds); counted as
    /// <c>left_running</c>, a problem unless 0.</summary>
    public async Task<int> CountLeftRunningAsync(CancellationToken cancellationToken)
    {
        var query = $"TaskQueue = '{host.TaskQueue}' AND ExecutionStatus = 'Running'";
        var running = await host.Client.CountWorkflowsAsync(query);
        for (var settle = DateTime.UtcNow.AddSeconds(60); running.Count > 0 && DateTime.UtcNow < settle; running = await host.Client.CountWorkflowsAsync(query))
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        Set("left_running", running.Count);
        Expect(running.Count == 0, $"{running.Count} saga(s) still running");
        return (int)running.Count;
    }

    public async Task<DirtyReport> FinishAsync(int sagas, CancellationToken cancellationToken)
    {
        clock.Stop();
        IReadOnlyList<InvariantViolation> violations;
        await using (var db = Db())
        await using (var services = InvariantChecks.Services(host.Database))
        {
            violations = await InvariantChecks.RunAllAsync(db, services, cancellationToken);
        }

        return new DirtyReport(
            scenario,
            sagas,
            Math.Round(clock.Elapsed.TotalSeconds, 2),
            counters.OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => c.Value),
            latencies.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => LatencyFigures.Of(l.Value)),
            [.. problems],
            violations);
    }

    private static bool ServerDown(Exception e) => e switch
    {
        RpcException { Code: RpcException.StatusCode.Unavailable or RpcException.StatusCode.Unknown or RpcException.StatusCode.DeadlineExceeded } => true,
        RpcTimeoutOrCanceledException => true,
        _ => false,
    };
}
