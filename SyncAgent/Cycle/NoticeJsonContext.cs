using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Source-generated JSON for stored notices (and the pending person roles of a one-way kind).</summary>
[JsonSerializable(typeof(RejectionNotice))]
[JsonSerializable(typeof(List<Guid>))]
[JsonSerializable(typeof(Dictionary<Guid, Guid>))]
internal sealed partial class NoticeJsonContext : JsonSerializerContext;
