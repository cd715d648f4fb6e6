using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TemporalSagas.Activities.Data;

namespace TemporalSagas.Tests.Support;

/// <summary>Every row of every table of a SQLite sagas database, hashed: a bad input that writes anything changes it.</summary>
public static class DatabaseFingerprint
{
    public static async Task<string> OfAsync(SagasDbContext db)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var text = new StringBuilder();
        var counts = new List<string>();
        foreach (var table in tables)
        {
            var rows = 0;
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows++;
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }

            counts.Add($"{table}={rows}");
        }

        // The counts make a failure readable; the hash catches a changed value.
        return $"{string.Join(", ", counts)} #{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16]}";
    }

    public static async Task<string> OfAsync(Func<SagasDbContext> open)
    {
        await using var db = open();
        return await OfAsync(db);
    }

}
