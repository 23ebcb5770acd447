using System.Text.Json.Serialization;

namespace CrmSync.SyncAgent.Marketo.Wire;

/// <summary>Source-generated writers for single values turned into <see cref="System.Text.Json.JsonElement"/>.</summary>
[JsonSerializable(typeof(decimal))]
[JsonSerializable(typeof(string))]
internal sealed partial class ValueJsonContext : JsonSerializerContext;
