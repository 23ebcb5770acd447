using CrmSync.Plugins.Configuration;

namespace CrmSync.Plugins.Tests.Configuration;

public class SyncConfigurationTests
{
    private static readonly Guid SyncUser = new("5a1e0000-0000-4000-8000-00000000a9e7");

    [Fact]
    public void Parse_DocumentedShape_ReadsUserAndAttributesInOrder()
    {
        var sut = SyncConfiguration.Parse(
            "{ \"syncUserId\": \"" + SyncUser + "\",\n \"attributes\": { \"lead\": [\"emailaddress1\", \" FirstName \", \"emailaddress1\"], \"contact\": [] },\n \"future\": 1 }");

        Assert.Equal(SyncUser, sut.SyncUserId);
        Assert.True(sut.TryGetAttributes("lead", out var lead));
        Assert.Equal(["emailaddress1", "firstname"], lead);
        Assert.True(sut.TryGetAttributes("contact", out var contact));
        Assert.Empty(contact);
    }

    [Fact]
    public void TryGetAttributes_EntityNotConfigured_IsFalse()
    {
        var sut = SyncConfiguration.Parse("{\"syncUserId\":\"" + SyncUser + "\",\"attributes\":{\"lead\":[\"lastname\"]}}");

        Assert.False(sut.TryGetAttributes("contact", out var attributes));
        Assert.Empty(attributes);
    }

    [Theory]
    [MemberData(nameof(SyncEventPluginRobustnessTests.BadConfigurations), MemberType = typeof(SyncEventPluginRobustnessTests))]
    public void Parse_BadConfiguration_ThrowsFormatException(string? json)
    {
        var exception = Assert.Throws<FormatException>(() => SyncConfiguration.Parse(json));

        Assert.False(string.IsNullOrWhiteSpace(exception.Message));
    }

    [Fact]
    public void Constructor_EmptySyncUser_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SyncConfiguration(Guid.Empty, []));
    }
}
