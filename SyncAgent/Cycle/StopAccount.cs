using CrmSync.SyncAgent.State;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>
/// What a cycle that stops before its commit tells the operator it left behind. A later cycle's stop commits nothing of
/// its own; a first run may already have saved the Marketo paging token and the links of finished backfill pages
/// (each in its own transaction), which stay, and the account says so.
/// </summary>
internal sealed class StopAccount
{
    private readonly StateStore _state;
    private readonly bool _firstRun;
    private readonly int _linksBefore;

    private StopAccount(StateStore state, bool firstRun, int linksBefore)
    {
        _state = state;
        _firstRun = firstRun;
        _linksBefore = linksBefore;
    }

    /// <summary>Notes, at the start of a cycle, whether it is a first run and how many links there are.</summary>
    public static async Task<StopAccount> CaptureAsync(StateStore state, CancellationToken cancellationToken)
    {
        var firstRun = await state.GetCursorAsync(CursorNames.MarketoPagingToken, cancellationToken).ConfigureAwait(false) is null;
        return new StopAccount(state, firstRun, firstRun ? await state.CountLinksAsync(cancellationToken).ConfigureAwait(false) : 0);
    }

    /// <summary>The sentence about what was committed, e.g. "the cycle stopped cleanly before its commit; none of its changes were committed."</summary>
    public async Task<string> DescribeAsync()
    {
        const string NothingSaved = "the cycle stopped cleanly before its commit; none of its changes were committed.";
        if (!_firstRun)
        {
            return NothingSaved;
        }

        // Read after the stop, without the cycle's (possibly cancelled) token: this is only an account.
        var saved = new List<string>();
        if (await _state.GetCursorAsync(CursorNames.MarketoPagingToken, CancellationToken.None).ConfigureAwait(false) is not null)
        {
            saved.Add("the Marketo paging token");
        }

        var linked = await _state.CountLinksAsync(CancellationToken.None).ConfigureAwait(false) - _linksBefore;
        if (linked > 0)
        {
            saved.Add($"{linked} link(s) from finished backfill pages");
        }

        return saved.Count == 0
            ? NothingSaved
            : $"the cycle stopped cleanly before its commit; this first run had already saved {string.Join(" and ", saved)}, which stay; the rest of its changes were not committed.";
    }
}
