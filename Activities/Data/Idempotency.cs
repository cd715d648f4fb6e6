using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// Runs a side effect at most once per idempotency key: the effect and the key's record (with a fingerprint of the
/// request) commit in one transaction, and a redelivered call returns the first result instead of acting again.
/// The same key with a different request is refused (<c>IDEMPOTENCY_CONFLICT</c>), as payment APIs do.
/// Actions must write through the same <see cref="SagasDbContext"/> so they share the transaction.
/// </summary>
public sealed class Idempotency(SagasDbContext db, ILogger<Idempotency> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A forward step: its effect, once. Refused when the saga already compensated the key as "did not happen".</summary>
    public async Task<T> RunOnceAsync<T>(
        string key, string operation, object request, Func<Task<T>> action, CancellationToken cancellationToken = default)
    {
        var hash = Fingerprint(request);
        var (done, first) = await RunAsync(key, operation, hash, async () =>
        {
            var result = await action();
            return (result, Record: true);
        }, cancellationToken);
        return done ? first! : Replay<T>(await FindAsync(key, cancellationToken) ?? throw Lost(key, operation), operation, hash);
    }

    /// <summary>
    /// A compensation of the step whose key is <paramref name="stepKey"/>. "Nothing to undo" is not recorded under the
    /// compensation's key (a later retry looks again, so an effect that lands late is still undone); instead the step's
    /// key is fenced, so a late delivery of the step itself is refused rather than taking effect.
    /// </summary>
    public async Task<string> UndoOnceAsync(
        string key, string stepKey, string operation, object request, Func<Task<string>> undo, CancellationToken cancellationToken = default)
    {
        var hash = Fingerprint(request);
        var (done, outcome) = await RunAsync(key, operation, hash, async () =>
        {
            var found = await undo();
            if (found != CompensationOutcome.NothingToUndo)
            {
                return (found, Record: true);
            }

            await FenceAsync(stepKey, cancellationToken);
            return (found, Record: false);
        }, cancellationToken);
        return done ? outcome! : Replay<string>(await FindAsync(key, cancellationToken) ?? throw Lost(key, operation), operation, hash);
    }

    /// <summary>
    /// The "did it happen?" check: true when the step's effect is recorded; otherwise fences the key (so the step can
    /// no longer take effect) and returns false. Both in one transaction, so the answer stays true.
    /// </summary>
    public async Task<bool> HasEffectAsync(string stepKey, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(stepKey, cancellationToken) is { } record)
        {
            return record.Operation != IdempotencyRecord.FenceOperation;
        }

        await FenceAsync(stepKey, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return false;
    }

    public static string Fingerprint(object request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, request.GetType(), Json))));

    // (true, result) when this call acted; (false, default) when a record for the key exists (read it and replay).
    private async Task<(bool Done, T? Result)> RunAsync<T>(
        string key, string operation, string hash, Func<Task<(T Result, bool Record)>> action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw BusinessFailure.InvalidInput($"{operation}: an idempotency key is required");
        }

        // On SQLite this begins IMMEDIATE: concurrent deliveries of one key queue here rather than race.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await FindAsync(key, cancellationToken) is not null)
        {
            return (false, default);
        }

        var (result, record) = await action();
        if (record)
        {
            db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
            {
                Key = key,
                Operation = operation,
                ResultJson = JsonSerializer.Serialize(result, Json),
                RequestHash = hash,
                CreatedUtc = DateTime.UtcNow,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (true, result);
        }
        catch (DbUpdateException e) when (DatabaseErrors.IsUniqueViolation(e))
        {
            // Another delivery committed this key first (databases whose transactions do not serialize writers):
            // drop our effect and read theirs.
            logger.LogInformation(e, "{Operation} {IdempotencyKey}: another delivery won; replaying its result", operation, key);
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return (false, default);
        }
    }

    private async Task FenceAsync(string stepKey, CancellationToken cancellationToken)
    {
        if (await FindAsync(stepKey, cancellationToken) is not null)
        {
            return;
        }

        db.Set<IdempotencyRecord>().Add(new IdempotencyRecord
        {
            Key = stepKey,
            Operation = IdempotencyRecord.FenceOperation,
            ResultJson = "null",
            CreatedUtc = DateTime.UtcNow,
        });
        logger.LogInformation("Fenced step {IdempotencyKey}: it did not happen and may no longer take effect", stepKey);
    }

    private Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken) =>
        db.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);

    private static InvalidOperationException Lost(string key, string operation) =>
        new($"{operation} {key}: the idempotency record vanished after a conflicting save");

    private T Replay<T>(IdempotencyRecord record, string operation, string hash)
    {
        if (record.Operation == IdempotencyRecord.FenceOperation)
        {
            throw BusinessFailure.Create(
                SagaErrorTypes.StepFenced,
                $"{operation} {record.Key}: the saga already compensated this step as not done ({record.CreatedUtc:u}); refusing to act now");
        }

        if (record.Operation != operation || (record.RequestHash.Length > 0 && record.RequestHash != hash))
        {
            throw BusinessFailure.Create(
                SagaErrorTypes.IdempotencyConflict,
                $"idempotency key '{record.Key}' was first used by {record.Operation} with another request; refusing {operation}");
        }

        logger.LogInformation(
            "{Operation} {IdempotencyKey} already done at {CreatedUtc}: returning the first result",
            operation, record.Key, record.CreatedUtc);
        return JsonSerializer.Deserialize<T>(record.ResultJson, Json)!;
    }
}
