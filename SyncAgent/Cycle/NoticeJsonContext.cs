using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Source-generated JSON for stored notices.</summary>
[JsonSerializable(typeof(RejectionNotice))]
[JsonSerializable(typeof(List<Guid>))]
internal sealed partial class NoticeJsonContext : JsonSerializerContext;
