using TemporalSagas.Tests.Support;

namespace TemporalSagas.Tests.Postgres;

public sealed class PostgresServerTests
{
    // util-linux puts runuser in /usr/sbin (/sbin links to it on merged-/usr systems), the PostgreSQL tests need it as root.
    [Fact]
    public void FindProgram_RunuserWithAPlainPathWithoutSbin_FoundInTheSystemFolders()
    {
        var found = PostgresServer.FindProgram("runuser", path: "/usr/bin:/bin");

        found.Should().BeOneOf("/usr/sbin/runuser", "/sbin/runuser");
        File.Exists(found).Should().BeTrue();
    }

    [Fact]
    public void FindProgram_Missing_NamesTheProgramAndWhereItLooked()
    {
        var find = () => PostgresServer.FindProgram("no-such-program-here", path: "/nonexistent");

        find.Should().Throw<InvalidOperationException>().Which.Message.Should().Contain("no-such-program-here").And.Contain("/usr/sbin");
    }
}
