namespace CrmSync.Benchmarks.EndToEnd.Scenarios;

/// <summary>
/// The fewest API calls a cycle could make (issue 8: ⌈pages⌉ + ⌈writes ÷ batch limit⌉), from what it read and wrote:
/// Dataverse pages of 5,000 (the <c>odata.maxpagesize</c> maximum) and <c>$batch</c> requests of 1,000 operations
/// (record updates and staging-row deletes together); Marketo pages of 300 lead changes and Sync Leads calls of 300.
/// Each side reads at least one page per cycle, even when nothing changed. Marketo also needs one page of Merge Leads
/// activities per cycle (issue 14, DESIGN B17): Get Lead Changes does not carry merges, so a cycle reads them from
/// Get Lead Activities (type 32) with the same paging token.
/// </summary>
internal static class MinimumCalls
{
    public const int DataversePage = 5000;
    public const int DataverseBatch = 1000;
    public const int MarketoPage = 300;
    public const int MarketoBatch = 300;

    public static long Dataverse(long stagingRows, long updates) =>
        Math.Max(1, Ceiling(stagingRows, DataversePage)) + Ceiling(updates + stagingRows, DataverseBatch);

    public static long Marketo(long changesRead, long writes) =>
        Math.Max(1, Ceiling(changesRead, MarketoPage)) + MergeFeedPages + Ceiling(writes, MarketoBatch);

    /// <summary>The page of Merge Leads activities every cycle reads (no merges in the benchmarks: one page).</summary>
    public const int MergeFeedPages = 1;

    /// <summary>
    /// The shortest time the documented limits allow for <paramref name="calls"/> calls starting with an empty window:
    /// <c>limit</c> calls may go at once, and each further <c>limit</c> waits one more window.
    /// </summary>
    public static TimeSpan WindowBound(long calls, int limit, TimeSpan window) =>
        calls <= 0 ? TimeSpan.Zero : window * ((calls - 1) / limit);

    private static long Ceiling(long count, int size) => (count + size - 1) / size;
}
