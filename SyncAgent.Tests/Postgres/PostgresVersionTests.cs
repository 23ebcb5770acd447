using CrmSync.SyncAgent.State.Postgres;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>Issue 16: the PostgreSQL state needs PostgreSQL 13 or later; an older server is refused before anything is written.</summary>
public sealed class PostgresVersionTests
{
    [Fact]
    public void TooOld_Server12_IsRefusedNamingBothVersions() =>
        Assert.Equal(
            "The state's PostgreSQL server is version 12.17; crmsync needs PostgreSQL 13 or later. Nothing was changed.",
            PostgresSchema.TooOld(new Version(12, 17)));

    [Theory]
    [InlineData(13, 0)]
    [InlineData(15, 18)]
    [InlineData(17, 2)]
    public void TooOld_Server13OrLater_IsAccepted(int major, int minor) => Assert.Null(PostgresSchema.TooOld(new Version(major, minor)));
}
