namespace CrmSync.SyncAgent.Engine;

/// <summary>The records and persons a set of changes touches: what the cycle must load links, shadows and rejections for.</summary>
/// <param name="Records">Changed records, plus the leads that created contacts were qualified from.</param>
/// <param name="MarketoIds">Changed persons.</param>
internal sealed record ChangeKeys(IReadOnlySet<RecordKey> Records, IReadOnlySet<long> MarketoIds);
