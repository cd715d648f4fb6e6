using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Temporalio.Exceptions;
using TemporalSagas.Activities.Data;
using TemporalSagas.Activities.Seats;
using TemporalSagas.Activities.Verification;
using TemporalSagas.Client.Seats;
using TemporalSagas.Load;
using TemporalSagas.Workflows.Seats;

namespace TemporalSagas.Load.Dirty;

/// <summary>One scenario's bookkeeping: counters, timed reserve/confirm calls, problems, and the final checks.</summary>
public sealed class DirtyRun(string scenario, IDirtyHost host)
{
    private readonly ConcurrentDictionary<string, long> counters = new();
    private readonly ConcurrentBag<TimeSpan> reserves = [];
    private readonly ConcurrentBag<TimeSpan> confirms = [];
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

    /// <summary>A zone of this run's own with <paramref name="capacity"/> seats; its id is upper-case as zones must be.</summary>
    public async Task<string> ZoneAsync(string name, int capacity)
    {
        var id = $"{name}-{RunId}".ToUpperInvariant();
        await using var db = Db();
        await SeatDemoData.AddZoneAsync(db, id, capacity);
        return id;
    }

    public string Key(string name, int i) => $"{scenario}-{RunId}-{name}-{i}";

    public async Task<SeatBooking> ReserveAsync(SeatReservationInput input, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var booking = await RetryWhileServerDownAsync(
            () => SeatReservationClient.ReserveAsync(host.Client, input, host.TaskQueue, cancellationToken), cancellationToken);
        reserves.Add(Stopwatch.GetElapsedTime(started));
        return booking;
    }

    /// <summary>Confirms; a refused confirm comes back as its error type instead of an exception.</summary>
    public async Task<(SeatBooking? Booking, string? ErrorType)> ConfirmAsync(string bookingId, SeatConfirmation payment)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return (await RetryWhileServerDownAsync(() => SeatReservationClient.ConfirmAsync(host.Client, bookingId, payment), default), null);
        }
        catch (SeatReservationException e)
        {
            return (null, e.ErrorType);
        }
        finally
        {
            confirms.Add(Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<(SeatBooking? Booking, string? ErrorType)> ReleaseAsync(string bookingId)
    {
        try
        {
            return (await RetryWhileServerDownAsync(() => SeatReservationClient.ReleaseAsync(host.Client, bookingId), default), null);
        }
        catch (SeatReservationException e)
        {
            return (null, e.ErrorType);
        }
    }

    /// <summary>A call that fails because the server is gone is tried again with the same key (safe: the key is the
    /// booking); the same client object reconnects by itself once the server is back.</summary>
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
            LatencyFigures.Of(reserves),
            LatencyFigures.Of(confirms),
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
