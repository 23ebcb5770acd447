namespace CrmSync.Plugins.Tests;

public class SmokeTests
{
    [Fact]
    public void Plugin_IsStrongNamed()
    {
        var name = typeof(SyncEventPlugin).Assembly.GetName();
        Assert.Equal("c8b6902cab27ae67", Convert.ToHexStringLower(name.GetPublicKeyToken()!));
        var xrm = typeof(Microsoft.Xrm.Sdk.IPlugin).Assembly.GetName();
        Assert.Equal("31bf3856ad364e35", Convert.ToHexStringLower(xrm.GetPublicKeyToken()!));
        Assert.Equal(new Version(9, 0, 0, 0), xrm.Version);
    }
}
