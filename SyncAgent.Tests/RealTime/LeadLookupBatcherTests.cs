using System.Text.Json;
using CrmSync.SyncAgent.Marketo;
using CrmSync.SyncAgent.RealTime;
using Microsoft.Extensions.Time.Testing;

namespace CrmSync.SyncAgent.Tests.RealTime;

/// <summary>
/// The coalesced Get Leads by id of concurrent sync-person calls (issue 17): one call in flight, the ids asked for
/// meanwhile in the next call, at most 300 per call (Marketo's filterValues limit,
/// https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads).
/// </summary>
public sealed class LeadLookupBatcherTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>A fake Get Leads: records each call; the first call waits for <see cref="ReleaseFirst"/>; ids in <see cref="Unknown"/> are not returned.</summary>
    private sealed class FakeMarketo
    {
        private int _calls;

        public List<(long[] Ids, string[] Fields)> Calls { get; } = [];

        public TaskCompletionSource FirstEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseFirst { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HashSet<long> Unknown { get; } = [];

        public Func<int, Exception?> FailCall { get; set; } = _ => null;

        public async Task<IReadOnlyList<MarketoLead>> GetLeadsAsync(IReadOnlyList<long> ids, IReadOnlyCollection<string> fields, CancellationToken cancellationToken)
        {
            int call;
            lock (Calls)
            {
                Calls.Add(([.. ids], [.. fields]));
                call = ++_calls;
            }

            if (call == 1)
            {
                FirstEntered.TrySetResult();
                await ReleaseFirst.Task;
            }

            if (FailCall(call) is { } failure)
            {
                throw failure;
            }

            // Marketo returns the leads in no particular order.
            return [.. ids.Where(id => !Unknown.Contains(id)).Reverse().Select(id => new MarketoLead(id, new Dictionary<string, JsonElement>
            {
                ["email"] = JsonSerializer.SerializeToElement($"p{id}@example.com"),
            }))];
        }
    }

    private static (LeadLookupBatcher Sut, FakeMarketo Marketo) CreateSut()
    {
        var marketo = new FakeMarketo();
        return (new LeadLookupBatcher(marketo.GetLeadsAsync, TimeSpan.Zero, TimeProvider.System), marketo);
    }

    [Fact]
    public async Task GetAsync_FiftyCallsWhileOneIsInFlight_TwoMarketoCalls()
    {
        var (sut, marketo) = CreateSut();
        var first = sut.GetAsync(1000, ["email"], CancellationToken.None);
        await marketo.FirstEntered.Task.WaitAsync(Bound);
        var others = Enumerable.Range(1001, 50).Select(id => sut.GetAsync(id, ["email"], CancellationToken.None)).ToList();
        Assert.Equal(50, sut.Waiting);

        marketo.ReleaseFirst.SetResult();
        var leads = await Task.WhenAll(others.Prepend(first)).WaitAsync(Bound);

        Assert.Equal(2, marketo.Calls.Count);
        Assert.Equal([1000L], marketo.Calls[0].Ids);
        Assert.Equal(Enumerable.Range(1001, 50).Select(i => (long)i), marketo.Calls[1].Ids);
        Assert.Equal(Enumerable.Range(1000, 51).Select(i => (long)i), leads.Select(l => l!.Id));
        Assert.Equal("p1037@example.com", leads[37]!.GetText("email"));
        Assert.Equal(0, sut.Waiting);
    }

    [Fact]
    public async Task GetAsync_CallsWithinTheGatherWindow_OneMarketoCall()
    {
        var marketo = new FakeMarketo();
        marketo.ReleaseFirst.SetResult();
        var clock = new FakeTimeProvider();
        var sut = new LeadLookupBatcher(marketo.GetLeadsAsync, TimeSpan.FromMilliseconds(50), clock);
        var calls = Enumerable.Range(1, 20).Select(id => sut.GetAsync(id, ["email"], CancellationToken.None)).ToList();
        Assert.Equal(20, sut.Waiting);

        clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Empty(marketo.Calls);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var leads = await Task.WhenAll(calls).WaitAsync(Bound);

        var call = Assert.Single(marketo.Calls);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), call.Ids);
        Assert.Equal(20, leads.Count(l => l is not null));
    }

    [Fact]
    public async Task GetAsync_SevenHundredWaiting_CallsOfAtMost300Ids()
    {
        var (sut, marketo) = CreateSut();
        var first = sut.GetAsync(1, ["email"], CancellationToken.None);
        await marketo.FirstEntered.Task.WaitAsync(Bound);
        var others = Enumerable.Range(2, 700).Select(id => sut.GetAsync(id, ["email"], CancellationToken.None)).ToList();

        marketo.ReleaseFirst.SetResult();
        var leads = await Task.WhenAll(others.Prepend(first)).WaitAsync(Bound);

        Assert.Equal([1, 300, 300, 100], marketo.Calls.Select(c => c.Ids.Length));
        Assert.Equal(701, leads.Count(l => l is not null));
    }

    [Fact]
    public async Task GetAsync_CallersAskingForDifferentFields_OneCallWithTheUnion()
    {
        var (sut, marketo) = CreateSut();
        var first = sut.GetAsync(1, ["email"], CancellationToken.None);
        await marketo.FirstEntered.Task.WaitAsync(Bound);
        var lead = sut.GetAsync(2, ["email", "company"], CancellationToken.None);
        var contact = sut.GetAsync(3, ["email", "title"], CancellationToken.None);

        marketo.ReleaseFirst.SetResult();
        await Task.WhenAll(first, lead, contact).WaitAsync(Bound);

        Assert.Equal(2, marketo.Calls.Count);
        Assert.Equal([2L, 3L], marketo.Calls[1].Ids);
        Assert.Equal(["email", "company", "title"], marketo.Calls[1].Fields);
    }

    [Fact]
    public async Task GetAsync_IdMarketoDoesNotReturn_IsNullForThatCallerOnly()
    {
        var (sut, marketo) = CreateSut();
        marketo.Unknown.Add(7);
        var first = sut.GetAsync(5, ["email"], CancellationToken.None);
        await marketo.FirstEntered.Task.WaitAsync(Bound);
        var known = sut.GetAsync(6, ["email"], CancellationToken.None);
        var unknown = sut.GetAsync(7, ["email"], CancellationToken.None);

        marketo.ReleaseFirst.SetResult();

        Assert.Equal(6, (await known.WaitAsync(Bound))?.Id);
        Assert.Null(await unknown.WaitAsync(Bound));
        Assert.Equal(5, (await first.WaitAsync(Bound))?.Id);
        Assert.Equal([6L, 7L], marketo.Calls[1].Ids);
    }

    [Fact]
    public async Task GetAsync_BatchFails_EachOfItsCallersGetsTheFailureAndTheNextBatchWorks()
    {
        var (sut, marketo) = CreateSut();
        marketo.FailCall = call => call == 2 ? new MarketoApiException("611", "System error") : null;
        var first = sut.GetAsync(1, ["email"], CancellationToken.None);
        await marketo.FirstEntered.Task.WaitAsync(Bound);
        var failing = Enumerable.Range(2, 3).Select(id => sut.GetAsync(id, ["email"], CancellationToken.None)).ToList();

        marketo.ReleaseFirst.SetResult();

        foreach (var call in failing)
        {
            var error = await Assert.ThrowsAsync<MarketoApiException>(() => call.WaitAsync(Bound));
            Assert.Equal("Marketo error 611: System error", error.Message);
        }

        Assert.Equal(1, (await first.WaitAsync(Bound))?.Id);
        Assert.Equal(9, (await sut.GetAsync(9, ["email"], CancellationToken.None).WaitAsync(Bound))?.Id);
        Assert.Equal(3, marketo.Calls.Count);
    }

    [Fact]
    public async Task GetAsync_OneCallerStopsWaiting_TheOthersOfItsBatchStillGetTheirLead()
    {
        var (sut, marketo) = CreateSut();
        var first = sut.GetAsync(1, ["email"], CancellationToken.None);
        await marketo.FirstEntered.Task.WaitAsync(Bound);
        using var deadline = new CancellationTokenSource();
        var stopped = sut.GetAsync(2, ["email"], deadline.Token);
        var waiting = sut.GetAsync(3, ["email"], CancellationToken.None);

        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stopped);
        marketo.ReleaseFirst.SetResult();

        Assert.Equal(3, (await waiting.WaitAsync(Bound))?.Id);
        Assert.Equal(1, (await first.WaitAsync(Bound))?.Id);
        Assert.Equal([2L, 3L], marketo.Calls[1].Ids);
    }
}
