using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// Runs a side effect at most once per idempotency key: the effect and the key's record commit in one
/// transaction, and a redelivered call returns the first result instead of acting again.
/// The action must write through the same <see cref="SagasDbContext"/> so it shares the transaction.
/// </summary>
public sealed class Idempotency(SagasDbContext db, ILogger<Idempotency> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> RunOnceAsync<T>(
        string key, string operation, Func<Task<T>> action, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw BusinessFailure.InvalidInput($"{operation}: an idempotency key is required");
        }

        DbUpdateException saveFailure;

        // On SQLite this begins IMMEDIATE: concurrent deliveries of one key queue here rather than race.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (await FindAsync(key, cancellationToken) is { } first)
            {
                return Replay<T>(first, operation);
            }

            var result = await action();
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = key,
                Operation = operation,
                ResultJson = JsonSerializer.Serialize(result, Json),
                CreatedUtc = DateTime.UtcNow,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (DbUpdateException e)
            {
                saveFailure = e;
                // Another delivery committed this key first (databases whose transactions do not serialize
                // writers): drop our effect and fall through to read theirs.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }

        if (await FindAsync(key, cancellationToken) is { } winner)
        {
            return Replay<T>(winner, operation);
        }

        throw new InvalidOperationException($"{operation} {key}: saving the result failed", saveFailure);
    }

    private Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken) =>
        db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);

    private T Replay<T>(IdempotencyRecord record, string operation)
    {
        if (record.Operation != operation)
        {
            throw BusinessFailure.InvalidInput(
                $"idempotency key '{record.Key}' was already used by {record.Operation}, not {operation}");
        }

        logger.LogInformation(
            "{Operation} {IdempotencyKey} already done at {CreatedUtc}: returning the first result",
            operation, record.Key, record.CreatedUtc);
        return JsonSerializer.Deserialize<T>(record.ResultJson, Json)!;
    }
}
