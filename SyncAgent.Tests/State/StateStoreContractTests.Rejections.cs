using System.Text;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.State;
using CrmSync.SyncAgent.Tests.Http;
using CrmSync.SyncAgent.Tests.Postgres;
using static CrmSync.SyncAgent.Tests.Engine.PlanData;

namespace CrmSync.SyncAgent.Tests.State;

/// <summary>The rejection behaviours of the contract.</summary>
public abstract partial class StateStoreContractTests
{
    private Rejection Rejected(RecordKey record, string message, params (string Field, string Value)[] fields) => new()
    {
        Direction = SyncDirection.ToDynamics,
        Operation = "update",
        Record = record,
        MarketoId = 77,
        Fields = [.. fields.Select(f => new RejectedField(f.Field, V(f.Value)))],
        ErrorCode = "0x80040265",
        Message = message,
        OccurredOn = Time.GetUtcNow(),
    };

    [StoreFact]
    public async Task AddRejectionAsync_Stored_ReadBackWithFieldsInOrder()
    {
        long id = 0;
        await InTransaction(async t => id = await t.AddRejectionAsync(Rejected(Lead(1), "Job title is not allowed", ("title", "Bad"), ("city", "X"))));

        var rejection = Assert.Single(await Store.SearchRejectionsAsync(new RejectionQuery()));

        Assert.Equal(id, rejection.Id);
        Assert.Equal(Lead(1), rejection.Record);
        Assert.Equal(77, rejection.MarketoId);
        Assert.Equal("0x80040265", rejection.ErrorCode);
        Assert.Equal(Time.GetUtcNow(), rejection.OccurredOn);
        Assert.Equal([new RejectedField("title", V("Bad")), new RejectedField("city", V("X"))], rejection.Fields);
        Assert.False(rejection.Resolved);
    }

    [StoreTheory]
    [InlineData("job TITLE", 1)]
    [InlineData("city", 1)]
    [InlineData("0x8004", 2)]
    [InlineData("00000000-0000-0000-0000-000000000002", 1)]
    [InlineData("50%_off", 1)]
    [InlineData("nothing like it", 0)]
    public async Task SearchRejectionsAsync_Text_FindsInMessageCodeRecordAndFields(string text, int expected)
    {
        await InTransaction(async t =>
        {
            await t.AddRejectionAsync(Rejected(Lead(1), "Job title is not allowed", ("title", "Bad")));
            await t.AddRejectionAsync(Rejected(Contact(2), "Discount 50%_off refused", ("address1_city", "Rome")));
        });

        var found = await Store.SearchRejectionsAsync(new RejectionQuery { Text = text });

        Assert.Equal(expected, found.Count);
    }

    [StoreFact]
    public async Task GetOpenRejectedWritesAsync_OnlyOpenFieldsOfRequestedRecords()
    {
        await InTransaction(async t =>
        {
            await t.AddRejectionAsync(Rejected(Lead(1), "a", ("title", "Bad"), ("city", "X")));
            await t.AddRejectionAsync(Rejected(Lead(2), "b", ("title", "Other")));
            await t.AddRejectionAsync(Rejected(Contact(1), "c", ("title", "SameGuidOtherEntity")));
        });

        await InTransaction(t => t.ResolveRejectionsAsync([new ResolvedRejection(Lead(1), "city")]));
        var open = await Store.GetOpenRejectedWritesAsync([Lead(1)]);

        Assert.Equal([new RejectedWrite(SyncDirection.ToDynamics, Lead(1), "title", V("Bad"))], open);
    }

    [StoreFact]
    public async Task ResolveRejectionsAsync_AllFieldsChangedAgain_ResolvesRejection()
    {
        await InTransaction(t => t.AddRejectionAsync(Rejected(Lead(1), "a", ("title", "Bad"), ("city", "X"))));

        await InTransaction(t => t.ResolveRejectionsAsync([new ResolvedRejection(Lead(1), "title")]));
        var stillOpen = await Store.SearchRejectionsAsync(new RejectionQuery());
        await InTransaction(t => t.ResolveRejectionsAsync([new ResolvedRejection(Lead(1), "city")]));

        Assert.Single(stillOpen);
        Assert.Empty(await Store.SearchRejectionsAsync(new RejectionQuery()));
        Assert.True(Assert.Single(await Store.SearchRejectionsAsync(new RejectionQuery { IncludeResolved = true })).Resolved);
        Assert.Empty(await Store.GetOpenRejectedWritesAsync([Lead(1)]));
    }

    [StoreFact]
    public async Task ResolveRejectionAsync_ById_ResolvesEveryField()
    {
        long id = 0;
        await InTransaction(async t => id = await t.AddRejectionAsync(Rejected(Lead(1), "a", ("title", "Bad"))));

        await InTransaction(t => t.ResolveRejectionAsync(id));

        Assert.Empty(await Store.GetOpenRejectedWritesAsync([Lead(1)]));
        Assert.Empty(await Store.SearchRejectionsAsync(new RejectionQuery()));
    }

    [StoreFact]
    public async Task SearchRejectionsAsync_SinceAndLimit_NewestFirst()
    {
        await InTransaction(t => t.AddRejectionAsync(Rejected(Lead(1), "old")));
        Time.Advance(TimeSpan.FromHours(1));
        await InTransaction(t => t.AddRejectionAsync(Rejected(Lead(2), "middle")));
        Time.Advance(TimeSpan.FromHours(1));
        await InTransaction(t => t.AddRejectionAsync(Rejected(Lead(3), "new")));

        var since = await Store.SearchRejectionsAsync(new RejectionQuery { Since = Time.GetUtcNow().AddMinutes(-90) });
        var limited = await Store.SearchRejectionsAsync(new RejectionQuery { Limit = 1 });

        Assert.Equal(["new", "middle"], since.Select(r => r.Message));
        Assert.Equal("new", Assert.Single(limited).Message);
    }

    [StoreFact]
    public async Task ExportRejectionsCsvAsync_Rows_RoundTripThroughCsv()
    {
        await InTransaction(t => t.AddRejectionAsync(Rejected(Lead(1), "Bad \"title\", refused\r\nline 2", ("title", "=cmd"), ("city", "X"))));
        var output = new StringWriter(new StringBuilder());

        await Store.ExportRejectionsCsvAsync(output, new RejectionQuery());

        var rows = CsvReader.Parse(output.ToString());
        Assert.Equal(2, rows.Count);
        Assert.Equal("message", rows[0][10]);
        Assert.Equal("Bad \"title\", refused\r\nline 2", rows[1][10]);
        Assert.Equal("title; city", rows[1][7]);
        Assert.Equal("'=cmd; X", rows[1][8]);
        Assert.Equal(Lead(1).Id.ToString("D"), rows[1][5]);
    }
}
