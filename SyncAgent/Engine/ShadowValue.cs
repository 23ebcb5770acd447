namespace CrmSync.SyncAgent.Engine;

/// <summary>The last value both sides agreed on for one linked person and mapped field.</summary>
/// <param name="MarketoId">The linked Marketo person.</param>
/// <param name="Field">The Marketo REST field name.</param>
/// <param name="Value">The agreed value.</param>
internal sealed record ShadowValue(long MarketoId, string Field, FieldValue Value);
