namespace CrmSync.SyncAgent.Engine;

/// <summary>A field changed again after a rejection: open rejections of it may be resolved and retried.</summary>
/// <param name="Record">The Dynamics record.</param>
/// <param name="Field">The Marketo REST field name.</param>
internal readonly record struct ResolvedRejection(RecordKey Record, string Field);
