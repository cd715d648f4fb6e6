using System.Security.Cryptography;

namespace TemporalSagas.Tests.Activities.Data;

/// <summary>
/// A migration a release has applied is never edited or regenerated (databases in the field already ran it):
/// each one's <c>.cs</c> is pinned by its SHA-256 in <c>applied-migrations.sha256</c>, for both providers.
/// </summary>
public class AppliedMigrationsTests
{
    private static readonly string MigrationsDirectory = Path.Combine(AppContext.BaseDirectory, "Migrations");

    [Fact]
    public void AppliedMigrations_AreUnchanged()
    {
        var pinned = PinnedHashes();
        pinned.Should().NotBeEmpty();

        foreach (var (file, hash) in pinned)
        {
            var path = Path.Combine(MigrationsDirectory, file);
            File.Exists(path).Should().BeTrue(
                $"{file} was applied by a release and is gone: never edit an applied migration; add a new one");
            Sha256(path).Should().Be(hash,
                $"{file} was applied by a release and has changed: never edit an applied migration; add a new one");
        }
    }

    [Fact]
    public void EveryMigration_IsPinned()
    {
        var pinned = PinnedHashes().Select(p => p.File).ToHashSet();
        var migrations = Directory.GetFiles(MigrationsDirectory, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(MigrationsDirectory, path).Replace('\\', '/'))
            .Where(file => !file.EndsWith(".Designer.cs", StringComparison.Ordinal) && !file.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal));

        migrations.Should().OnlyContain(file => pinned.Contains(file),
            "a new migration adds its line (sha256sum of its .cs) to applied-migrations.sha256 once it ships; never edit an applied migration; add a new one");
    }

    private static List<(string File, string Hash)> PinnedHashes() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "applied-migrations.sha256"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .Select(parts => (parts[1].Trim(), parts[0]))
            .ToList();

    // Line endings normalised so a Windows checkout (CRLF) hashes the same.
    private static string Sha256(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lf = bytes.Where((b, i) => b != '\r' || i + 1 >= bytes.Length || bytes[i + 1] != '\n').ToArray();
        return Convert.ToHexStringLower(SHA256.HashData(lf));
    }
}
