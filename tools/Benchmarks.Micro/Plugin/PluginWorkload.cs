using CrmSync.Plugins;
using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Benchmarks.Micro.Plugin;

/// <summary>
/// The plug-in as the platform runs it, with in-memory services (the Plugins.Tests harness context and provider):
/// one cached instance configured with the default mapping, an Update of a contact changing three mapped attributes.
/// </summary>
internal sealed class PluginWorkload
{
    public static readonly Guid SyncUserId = new("5a1e0000-0000-4000-8000-00000000a9e7");

    public static readonly string Configuration =
        "{\"syncUserId\":\"" + SyncUserId + "\",\"attributes\":{" +
        "\"lead\":[\"emailaddress1\",\"firstname\",\"lastname\",\"telephone1\",\"mobilephone\",\"jobtitle\",\"companyname\"," +
        "\"address1_city\",\"address1_stateorprovince\",\"address1_postalcode\",\"address1_country\",\"crmsync_synctomarketo\"]," +
        "\"contact\":[\"emailaddress1\",\"firstname\",\"lastname\",\"telephone1\",\"mobilephone\",\"jobtitle\"," +
        "\"address1_city\",\"address1_stateorprovince\",\"address1_postalcode\",\"address1_country\",\"crmsync_synctomarketo\"]}}";

    private readonly FakePluginExecutionContext _context = new();

    public PluginWorkload(Guid recordId, int index)
    {
        _context.MessageName = SyncMessages.Update;
        _context.PrimaryEntityName = SyncedEntities.Contact;
        _context.PrimaryEntityId = recordId;
        _context.UserId = _context.InitiatingUserId = new Guid("0b0e0000-0000-4000-8000-000000000001");
        _context.InputParameters[PluginStep.TargetParameter] = Contact(recordId, ("telephone1", $"+1 555 01{index % 100:00}"), ("jobtitle", "Engineer " + index), ("address1_city", "Oslo"));
        _context.PreEntityImages[PluginStep.PreImageAlias] = Contact(
            recordId,
            ("emailaddress1", $"person{index}@example.com"), ("firstname", "Ada"), ("lastname", "Lovelace"), ("telephone1", "+1 555 0000"),
            ("jobtitle", "Analyst"), ("address1_city", "Bergen"), ("address1_country", "Norway"), ("crmsync_synctomarketo", true));
        Provider = new FakeServiceProvider()
            .Add<IPluginExecutionContext>(_context)
            .Add<ITracingService>(Tracing)
            .Add<IOrganizationServiceFactory>(new CountingServiceFactory(Service));
    }

    public SyncEventPlugin Plugin { get; } = new(Configuration, string.Empty);

    public FakeServiceProvider Provider { get; }

    public CountingOrganizationService Service { get; } = new();

    public CountingTracingService Tracing { get; } = new();

    private static Entity Contact(Guid id, params (string Name, object Value)[] attributes)
    {
        var entity = new Entity(SyncedEntities.Contact, id);
        foreach (var (name, value) in attributes)
        {
            entity[name] = value;
        }

        return entity;
    }
}
