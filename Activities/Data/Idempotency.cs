using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using TemporalSagas.Activities.Data.Entities;

namespace TemporalSagas.Activities.Data;

/// <summary>
/// Runs a side effect at most once per idempotency key: the effect and the key's record (with a fingerprint of the
/// request) commit in one transaction, and a redelivered call returns the first result instead of acting again.
/// The same key with a different request is refused (<c>IDEMPOTENCY_CONFLICT</c>), as payment APIs do.
/// Actions must write through the same <see cref="SagasDbContext"/> so they share the transaction.
/// Deliveries of one key are serialised before the key is looked up: on SQLite every transaction begins IMMEDIATE
/// (one writer); on PostgreSQL the transaction first claims the key with a transaction-scoped advisory lock, so a
/// redelivery waits for an earlier delivery still in flight and then replays its result instead of racing it.
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
        return done ? first! : Replay<T>(await FindAsync(key, cancellationToken) ?? throw Lost(key, operation), operation, hash, request);
    }

    /// <summary>
    /// A compensation of the step whose key is <paramref name="stepKey"/>. "Nothing to undo" is not recorded under the
    /// compensation's key (a later retry looks again, so an effect that lands late is still undone); instead the step's
    /// key is fenced, so a late delivery of the step itself is refused rather than taking effect. The step's key is
    /// claimed too (after the compensation's own; the step never takes the compensation's, so the order cannot deadlock).
    /// </summary>
    public async Task<string> UndoOnceAsync(
        string key, string stepKey, string operation, object request, Func<Task<string>> undo, CancellationToken cancellationToken = default)
    {
        var hash = Fingerprint(request);
        var (done, outcome) = await RunAsync(key, operation, hash, async () =>
        {
            // On PostgreSQL, wait for any delivery of the step still in flight: the undo then sees its effect and
            // undoes it, rather than reading past an uncommitted charge and fencing a key the step is about to write.
            await ClaimAsync(stepKey, cancellationToken);
            var found = await undo();
            if (found != CompensationOutcome.NothingToUndo)
            {
                return (found, Record: true);
            }

            await FenceAsync(stepKey, cancellationToken);
            return (found, Record: false);
        }, cancellationToken);
        return done ? outcome! : Replay<string>(await FindAsync(key, cancellationToken) ?? throw Lost(key, operation), operation, hash, request);
    }

    /// <summary>
    /// The "did it happen?" check: true when the step's effect is recorded; otherwise fences the key (so the step can
    /// no longer take effect) and returns false. Both in one transaction, so the answer stays true.
    /// </summary>
    public async Task<bool> HasEffectAsync(string stepKey, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ClaimAsync(stepKey, cancellationToken);
        if (await FindAsync(stepKey, cancellationToken) is { } record)
        {
            return record.Operation != IdempotencyRecord.FenceOperation;
        }

        await FenceAsync(stepKey, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return false;
    }

    /// <summary>
    /// SHA-256 of the request's canonical JSON: properties sorted by name, and those with a null or default value
    /// (<c>null</c>, <c>false</c>, <c>0</c>, <c>""</c>, <c>[]</c>, <c>{}</c>) left out, at every depth. So a
    /// compatible change of the record — an optional field added (a redelivery after a deploy serialises it as
    /// null), fields reordered — keeps the fingerprint, while a changed value changes it.
    /// </summary>
    public static string Fingerprint(object request) => Hash(Canonical(JsonSerializer.SerializeToNode(request, request.GetType(), Json)));

    /// <summary>The fingerprint before it was canonical (the whole record as serialised); records stored then still match.</summary>
    public static string LegacyFingerprint(object request) => Hash(JsonSerializer.Serialize(request, request.GetType(), Json));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Canonical(JsonNode? node) => Prune(node)?.ToJsonString() ?? "null";

    // A copy without default values, object properties in ordinal order.
    private static JsonNode? Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var pruned = new JsonObject();
                foreach (var (name, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Prune(value) is { } kept)
                    {
                        pruned[name] = kept;
                    }
                }

                return pruned.Count == 0 ? null : pruned;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    // Positions matter in an array: a default item stays (as null) rather than shifting the others.
                    items.Add(Prune(item));
                }

                return items.Count == 0 ? null : items;
            case JsonValue value:
                return IsDefault(value) ? null : value.DeepClone();
            default:
                return null;
        }
    }

    private static bool IsDefault(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.False or JsonValueKind.Null => true,
        JsonValueKind.String => value.GetValue<string>().Length == 0,
        JsonValueKind.Number => value.ToJsonString() is var number && decimal.TryParse(
            number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n == 0,
        _ => false,
    };

    // (true, result) when this call acted; (false, default) when a record for the key exists (read it and replay).
    private async Task<(bool Done, T? Result)> RunAsync<T>(
        string key, string operation, string hash, Func<Task<(T Result, bool Record)>> action, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw BusinessFailure.InvalidInput($"{operation}: an idempotency key is required");
        }

        // On SQLite this begins IMMEDIATE, and on PostgreSQL the claim waits for any other delivery of the key: either
        // way concurrent deliveries queue here rather than race, and the later one finds the earlier one's record.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ClaimAsync(key, cancellationToken);
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

    private static bool SameRequest(string stored, string hash, object request) =>
        stored.Length == 0 || stored == hash || stored == LegacyFingerprint(request);

    // PostgreSQL: a transaction-scoped advisory lock on the key's 64-bit hash (released at commit or rollback).
    // Unrelated keys that share a hash only wait for each other. SQLite needs none: its transactions serialise.
    private async Task ClaimAsync(string key, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }
    }

    private Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken) =>
        db.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken);

    private static InvalidOperationException Lost(string key, string operation) =>
        new($"{operation} {key}: the idempotency record vanished after a conflicting save");

    private T Replay<T>(IdempotencyRecord record, string operation, string hash, object request)
    {
        if (record.Operation == IdempotencyRecord.FenceOperation)
        {
            throw BusinessFailure.Create(
                SagaErrorTypes.StepFenced,
                $"{operation} {record.Key}: the saga already compensated this step as not done ({record.CreatedUtc:u}); refusing to act now");
        }

        if (record.Operation != operation || !SameRequest(record.RequestHash, hash, request))
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
