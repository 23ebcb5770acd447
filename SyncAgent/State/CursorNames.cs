namespace CrmSync.SyncAgent.State;

/// <summary>Names of the cursors the cycle keeps.</summary>
internal static class CursorNames
{
    /// <summary>The Marketo <c>nextPageToken</c> to read lead changes from.</summary>
    public const string MarketoPagingToken = "marketo.pagingToken";

    /// <summary>The position in the Dataverse staging table up to which rows were applied.</summary>
    public const string StagingPosition = "dataverse.stagingPosition";
}
