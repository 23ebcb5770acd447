using CrmSync.SyncAgent.Http;

namespace CrmSync.SyncAgent.Tests.Http;

public class SecretComparerTests
{
    [Theory]
    [InlineData("s3cret", "s3cret", true)]
    [InlineData("s3cret", "s3creT", false)]
    [InlineData("s3cre", "s3cret", false)]
    [InlineData("", "s3cret", false)]
    [InlineData(null, "s3cret", false)]
    [InlineData("s3cret", null, false)]
    [InlineData("s3cret", "", false)]
    public void Matches_Cases_AsExpected(string? presented, string? expected, bool result)
    {
        Assert.Equal(result, SecretComparer.Matches(presented, expected));
    }
}
