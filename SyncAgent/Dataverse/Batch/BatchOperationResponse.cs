using System.Net;

namespace CrmSync.SyncAgent.Dataverse.Batch;

/// <summary>One <c>application/http</c> response inside a <c>$batch</c> response.</summary>
/// <param name="PartIndex">Position of the top-level batch part (a changeset or a single request) it answers.</param>
/// <param name="ContentId">The Content-ID echoed for an operation of a changeset, when present.</param>
internal sealed record BatchOperationResponse(int PartIndex, string? ContentId, HttpStatusCode Status, byte[] Body);
