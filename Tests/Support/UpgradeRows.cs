using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace TemporalSagas.Tests.Support;

/// <summary>
/// Fills every table of a database created from a release's schema fixture with one row (raw SQL, values typed as
/// the model maps its columns, foreign keys pointing at the rows inserted before) and reads every table back, so an
/// upgrade test can compare the rows before and after today's migrations.
/// </summary>
public static class UpgradeRows
{
    // Values that the tables' check constraints accept.
    private static readonly Dictionary<(string Table, string Column), object> Allowed = new()
    {
        [("appointments", "status")] = "confirmed",
        [("appointments", "calcom_sync_status")] = "synced",
    };

    public static async Task InsertOneRowPerTableAsync(DbContext model, DbConnection connection)
    {
        var inserted = new Dictionary<IEntityType, Dictionary<IProperty, object?>>();
        var existing = await ColumnsAsync(model, connection);
        foreach (var entity in InsertOrder(model))
        {
            var table = entity.GetTableName()!;
            if (!existing.TryGetValue(table, out var columnsThen))
            {
                continue; // a table of a saga added after that release
            }

            var values = new Dictionary<IProperty, object?>();
            var index = 0;
            foreach (var property in entity.GetProperties().Where(p => columnsThen.Contains(p.GetColumnName())))
            {
                values[property] = ForeignKeyValue(entity, property, inserted) ?? Value(table, property, index++);
            }

            inserted[entity] = values;
            await using var command = connection.CreateCommand();
            var columns = values.Keys.Select(p => $"\"{p.GetColumnName()}\"");
            var parameters = values.Keys.Select((_, i) => $"@p{i}");
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns)}) VALUES ({string.Join(", ", parameters)})";
            var i = 0;
            foreach (var (property, value) in values)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i++}";
                var converter = property.GetTypeMapping().Converter;
                parameter.Value = (converter is null || value is null ? value : converter.ConvertToProvider(value)) ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// The columns of each of the model's tables that the database has (a database of an earlier release lacks some).
    /// </summary>
    public static async Task<Dictionary<string, HashSet<string>>> ColumnsAsync(DbContext model, DbConnection connection)
    {
        var columns = new Dictionary<string, HashSet<string>>();
        foreach (var table in model.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = connection is Microsoft.Data.Sqlite.SqliteConnection
                ? $"SELECT name FROM pragma_table_info('{table}')"
                : $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'";
            await using var reader = await command.ExecuteReaderAsync();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }

            if (names.Count > 0)
            {
                columns[table] = names;
            }
        }

        return columns;
    }

    /// <summary>Every table's rows, each as its columns' values in text, by table name; with <paramref name="only"/>,
    /// only those tables and columns (the ones a database of an earlier release had).</summary>
    public static async Task<Dictionary<string, List<string>>> ReadAllAsync(
        DbContext model, DbConnection connection, IReadOnlyDictionary<string, HashSet<string>>? only = null)
    {
        var rows = new Dictionary<string, List<string>>();
        var existing = await ColumnsAsync(model, connection);
        foreach (var table in existing.Keys.Where(t => only is null || only.ContainsKey(t)))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var list = new List<string>();
            while (await reader.ReadAsync())
            {
                list.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount)
                    .Where(c => only is null || only[table].Contains(reader.GetName(c)))
                    .OrderBy(reader.GetName, StringComparer.Ordinal)
                    .Select(c => $"{reader.GetName(c)}={Convert.ToString(reader.GetValue(c), CultureInfo.InvariantCulture)}")));
            }

            rows[table] = list.Order(StringComparer.Ordinal).ToList();
        }

        return rows;
    }

    private static List<IEntityType> InsertOrder(DbContext model)
    {
        var remaining = model.Model.GetEntityTypes().ToList();
        var ordered = new List<IEntityType>();
        while (remaining.Count > 0)
        {
            var next = remaining.First(e => e.GetForeignKeys().All(fk => fk.PrincipalEntityType == e || ordered.Contains(fk.PrincipalEntityType)));
            ordered.Add(next);
            remaining.Remove(next);
        }

        return ordered;
    }

    private static object? ForeignKeyValue(IEntityType entity, IProperty property, Dictionary<IEntityType, Dictionary<IProperty, object?>> inserted)
    {
        foreach (var fk in entity.GetForeignKeys().Where(fk => fk.PrincipalEntityType != entity))
        {
            var position = fk.Properties.ToList().IndexOf(property);
            if (position >= 0 && inserted.ContainsKey(fk.PrincipalEntityType))
            {
                return inserted[fk.PrincipalEntityType][fk.PrincipalKey.Properties[position]];
            }
        }

        return null;
    }

    private static string Fit(string value, int? maxLength) => maxLength is { } max && value.Length > max ? value[^max..] : value;

    private static object? Value(string table, IProperty property, int index)
    {
        if (Allowed.TryGetValue((table, property.GetColumnName()), out var allowed))
        {
            return allowed;
        }

        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        var column = property.GetColumnName();
        var when = new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc).AddMinutes(index);
        // An explicit id does not move PostgreSQL's identity sequence: far above the ids the seed will take.
        if (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && (type == typeof(int) || type == typeof(long)))
        {
            return Convert.ChangeType(900_000 + index, type, CultureInfo.InvariantCulture);
        }

        return type switch
        {
            _ when type == typeof(string) && column.EndsWith("json", StringComparison.Ordinal) => "{\"upgrade\":\"row\"}",
            _ when type == typeof(string) && column.Contains("email", StringComparison.Ordinal) => "ada.lovelace@example.com",
            _ when type == typeof(string) => Fit($"{table}-{column}-1", property.GetMaxLength()),
            _ when type == typeof(Guid) => new Guid($"00000000-0000-0000-0000-{index + 1:D12}"),
            _ when type == typeof(DateTime) => when,
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(when),
            _ when type == typeof(DateOnly) => DateOnly.FromDateTime(when),
            _ when type == typeof(TimeSpan) => TimeSpan.FromMinutes(30),
            _ when type == typeof(bool) => true,
            _ when type == typeof(decimal) => 129.95m,
            _ when type == typeof(double) => 12.5d,
            _ when type == typeof(long) => 1000L + index,
            _ when type == typeof(int) => 5,
            _ when type == typeof(short) => (short)5,
            _ when type.IsEnum => Enum.GetValues(type).GetValue(0),
            _ => throw new NotSupportedException($"{table}.{column}: no upgrade value for {type}"),
        };
    }
}
