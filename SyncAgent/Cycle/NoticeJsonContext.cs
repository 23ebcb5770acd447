using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Cycle;

/// <summary>Source-generated JSON for stored notices.</summary>
[JsonSerializable(typeof(RejectionNotice))]
internal sealed partial class NoticeJsonContext : JsonSerializerContext;
