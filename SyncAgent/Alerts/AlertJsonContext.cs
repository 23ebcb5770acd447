using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Alerts;

/// <summary>Source-generated JSON for the stored alert state.</summary>
[JsonSerializable(typeof(AlertRecord))]
[JsonSerializable(typeof(DigestRecord))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
