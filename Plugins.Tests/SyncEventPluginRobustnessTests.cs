using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;
using static CrmSync.Plugins.Tests.Harness.Records;

namespace CrmSync.Plugins.Tests;

/// <summary>A user's save never fails because of CrmSync's data or configuration; platform faults surface.</summary>
public class SyncEventPluginRobustnessTests
{
    public static TheoryData<string?> BadConfigurations() => new()
    {
        null,
        "",
        "   ",
        "not json",
        "{\"syncUserId\":",
        "[]",
        "{}",
        "{\"attributes\":{\"lead\":[\"emailaddress1\"]}}",
        "{\"syncUserId\":\"not-a-guid\",\"attributes\":{\"lead\":[\"emailaddress1\"]}}",
        "{\"syncUserId\":\"00000000-0000-0000-0000-000000000000\",\"attributes\":{\"lead\":[\"emailaddress1\"]}}",
        "{\"syncUserId\":42,\"attributes\":{\"lead\":[\"emailaddress1\"]}}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\"}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":[\"emailaddress1\"]}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":\"emailaddress1\"}}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[1,2]}}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[\"email address\"]}}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"competitor\":[\"name\"]}}",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[\"emailaddress1\"]}} trailing",
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{}}",
    };

    [Theory]
    [MemberData(nameof(BadConfigurations))]
    public void Execute_BadOrMissingConfiguration_StagesNothingAndTraces(string? configuration)
    {
        var sut = new PluginHarness(configuration);
        sut.Create(Lead(("emailaddress1", "ada@example.com")));

        var exception = Record.Exception(() => sut.Execute());

        Assert.Null(exception);
        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("invalid step configuration, nothing staged: "));
    }

    [Fact]
    public void Execute_EntityNotInConfiguration_StagesNothing()
    {
        var sut = PluginHarness.CreateSut("{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[\"lastname\"]}}");
        sut.Create(Contact(("lastname", "Lovelace")));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("entity contact is not in the configuration"));
    }

    [Fact]
    public void Execute_OtherMessage_StagesNothing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Update(Lead(("firstname", "Augusta")), Lead(("firstname", "Ada")));
        sut.Context.MessageName = "Assign";

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_MissingTarget_StagesNothing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada")));
        sut.Context.InputParameters.Remove(PluginStep.TargetParameter);

        sut.Execute();

        Assert.Empty(sut.Service.Created);
        Assert.True(sut.Tracing.Contains("no Target entity"));
    }

    [Fact]
    public void Execute_TargetOfUnexpectedType_StagesNothing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada")));
        sut.Context.InputParameters[PluginStep.TargetParameter] = "not an entity";

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_NullCollectionsInContext_StagesNothingWithoutThrowing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada")));
        sut.Context.InputParameters = null!;
        sut.Context.PreEntityImages = null!;

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }

    [Fact]
    public void Execute_Always_TracesEntryAndExitWithCorrelationId()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada")));

        sut.Execute();

        var correlation = sut.Context.CorrelationId.ToString("D");
        Assert.StartsWith("CrmSync: entered SyncEventPlugin, correlation " + correlation, sut.Tracing.Lines[0], StringComparison.Ordinal);
        Assert.Equal("CrmSync: exited SyncEventPlugin, correlation " + correlation, sut.Tracing.Lines[^1]);
    }

    [Fact]
    public void Execute_WithoutTracingService_StillStages()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada")));
        var provider = new FakeServiceProvider()
            .Add<IPluginExecutionContext>(sut.Context)
            .Add<IOrganizationServiceFactory>(sut.Factory);

        new SyncEventPlugin(PluginHarness.DefaultConfiguration, string.Empty).Execute(provider);

        Assert.Single(sut.Service.Created);
    }

    [Fact]
    public void Execute_WithoutExecutionContext_DoesNothing()
    {
        var sut = PluginHarness.CreateSut();
        var provider = new FakeServiceProvider().Add<ITracingService>(sut.Tracing).Add<IOrganizationServiceFactory>(sut.Factory);

        new SyncEventPlugin(PluginHarness.DefaultConfiguration, string.Empty).Execute(provider);

        Assert.Empty(sut.Factory.RequestedUsers);
        Assert.True(sut.Tracing.Contains("no execution context"));
    }

    [Fact]
    public void Execute_NullServiceProvider_ThrowsInvalidPluginExecutionException()
    {
        var plugin = new SyncEventPlugin(PluginHarness.DefaultConfiguration, string.Empty);

        Assert.Throws<InvalidPluginExecutionException>(() => plugin.Execute(null!));
    }

    [Fact]
    public void Execute_OrganizationServiceFault_ThrowsInvalidPluginExecutionExceptionWithContext()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Lead(("firstname", "Ada")));
        var fault = new InvalidOperationException("SQL timeout");
        sut.Service.Fault = fault;

        var exception = Assert.Throws<InvalidPluginExecutionException>(() => sut.Execute());

        Assert.Same(fault, exception.InnerException);
        Assert.Contains("Create lead " + LeadId, exception.Message, StringComparison.Ordinal);
        Assert.Contains("SQL timeout", exception.Message, StringComparison.Ordinal);
        Assert.True(sut.Tracing.Contains("exited SyncEventPlugin"));
    }
}
