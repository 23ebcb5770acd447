using CrmSync.SyncAgent.Hosting;

namespace CrmSync.SyncAgent.Tests.Hosting;

public class ServiceUnitTests
{
    [Fact]
    public void ToSystemdUnit_Always_RunsTheAgentAsNotifyService()
    {
        var unit = new ServiceUnit("crmsync", "/opt/crmsync/crmsync", "/var/lib/crmsync", "crmsync");

        var text = unit.ToSystemdUnit();

        Assert.Contains("Type=notify", text, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/opt/crmsync/crmsync run", text, StringComparison.Ordinal);
        Assert.Contains("User=crmsync", text, StringComparison.Ordinal);
        Assert.Contains("WantedBy=multi-user.target", text, StringComparison.Ordinal);
        Assert.Equal("/etc/systemd/system/crmsync.service", unit.SystemdUnitPath);
    }

    [Fact]
    public void ToSystemdUnit_PathWithSpace_IsQuoted()
    {
        var unit = new ServiceUnit("crmsync", "/opt/crm sync/crmsync", "/var/lib/crmsync", null);

        Assert.Contains("ExecStart=\"/opt/crm sync/crmsync\" run", unit.ToSystemdUnit(), StringComparison.Ordinal);
        Assert.DoesNotContain("User=", unit.ToSystemdUnit(), StringComparison.Ordinal);
    }
}
