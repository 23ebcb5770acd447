using CrmSync.Plugins.Tests.Harness;
using CrmSync.Staging;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests;

/// <summary>Account steps (DESIGN B16): the same staging contract as lead and contact, no sync filter, nothing staged unless configured.</summary>
public class SyncEventPluginAccountTests
{
    private static readonly Guid AccountId = new("acc00000-0000-4000-8000-000000000003");

    private static readonly string AccountConfiguration =
        "{\"syncUserId\":\"" + PluginHarness.SyncUserId + "\",\"attributes\":{\"lead\":[\"emailaddress1\"],\"contact\":[\"emailaddress1\"]," +
        "\"account\":[\"name\",\"industrycode\",\"revenue\"]}}";

    private static Entity Account(params (string Name, object? Value)[] attributes)
    {
        var account = new Entity("account", AccountId);
        foreach (var (name, value) in attributes)
        {
            account[name] = value!;
        }

        return account;
    }

    [Fact]
    public void Execute_CreateAccount_StagesMappedColumnsWithTheStagingContract()
    {
        var sut = PluginHarness.CreateSut(AccountConfiguration);
        sut.Create(Account(("name", "Contoso"), ("industrycode", new OptionSetValue(7)), ("revenue", new Money(12.5m)), ("telephone1", "555")));

        sut.Execute();

        var row = sut.Row;
        Assert.Equal(("Create account " + AccountId.ToString("D"), "account", AccountId.ToString("D"), "Create"),
            (row[SyncEventTable.Name], row[SyncEventTable.Entity], row[SyncEventTable.RecordId], row[SyncEventTable.Message]));
        Assert.Equal("{\"name\":\"Contoso\",\"industrycode\":{\"optionset\":7},\"revenue\":{\"money\":12.5}}", row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_UpdateAccount_StagesOnlyChangedMappedColumns()
    {
        var sut = PluginHarness.CreateSut(AccountConfiguration);
        sut.Update(Account(("name", "Contoso Group"), ("industrycode", new OptionSetValue(7))), Account(("name", "Contoso"), ("industrycode", new OptionSetValue(7))));

        sut.Execute();

        Assert.Equal("{\"name\":\"Contoso Group\"}", sut.Row[SyncEventTable.Changes]);
    }

    [Fact]
    public void Execute_DeleteAccount_StagesTheDelete()
    {
        var sut = PluginHarness.CreateSut(AccountConfiguration);
        sut.Delete("account", AccountId, Account(("name", "Contoso")));

        sut.Execute();

        Assert.Equal(("Delete", "account", "{}"), (sut.Row[SyncEventTable.Message], sut.Row[SyncEventTable.Entity], sut.Row[SyncEventTable.Changes]));
    }

    [Fact]
    public void Execute_MergeAccount_StagesMasterAndSubordinate()
    {
        var subordinate = new Guid("5b0d0000-0000-4000-8000-0000000000ac");
        var sut = PluginHarness.CreateSut(AccountConfiguration);
        sut.Merge("account", AccountId, subordinate);

        sut.Execute();

        Assert.Equal(("Merge", "account", AccountId.ToString("D"), subordinate.ToString("D"), "{}"),
            (sut.Row[SyncEventTable.Message], sut.Row[SyncEventTable.Entity], sut.Row[SyncEventTable.RecordId], sut.Row[SyncEventTable.SubordinateId], sut.Row[SyncEventTable.Changes]));
    }

    [Fact]
    public void Execute_AccountNotInTheConfiguration_StagesNothing()
    {
        var sut = PluginHarness.CreateSut();
        sut.Create(Account(("name", "Contoso")));

        sut.Execute();

        Assert.Empty(sut.Service.Created);
    }
}
