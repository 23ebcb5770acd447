using System.Text.Json.Nodes;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>What a <see cref="RecordWrite"/> does.</summary>
internal enum RecordWriteKind
{
    /// <summary><c>PATCH set(id)</c> with <c>If-Match: *</c>: updates only; a deleted record is not re-created (404).</summary>
    Update,

    /// <summary>
    /// <c>PATCH set(id)</c> with <c>If-None-Match: *</c> and a client-chosen id: creates only. Repeating it after a
    /// lost response gets 412 (<see cref="RecordWriteOutcome.AlreadyExists"/>) instead of a duplicate.
    /// </summary>
    Create,

    /// <summary><c>DELETE set(id)</c>; 404 means it is already gone.</summary>
    Delete,
}

/// <summary>
/// One record write inside a <c>$batch</c>. <see cref="Key"/> is the caller's own correlation key, returned with
/// the result. <see cref="Body"/> holds Web API JSON (attributes, <c>x@odata.bind</c> lookups).
/// </summary>
internal sealed record RecordWrite(string Key, string Entity, Guid Id, RecordWriteKind Kind, JsonObject? Body)
{
    public static RecordWrite Update(string key, string entity, Guid id, JsonObject body) => new(key, entity, id, RecordWriteKind.Update, body);

    /// <summary>A create with a new id chosen by the caller (keep it, so a retried cycle reuses it).</summary>
    public static RecordWrite Create(string key, string entity, Guid id, JsonObject body) => new(key, entity, id, RecordWriteKind.Create, body);

    public static RecordWrite Delete(string key, string entity, Guid id) => new(key, entity, id, RecordWriteKind.Delete, null);
}
