namespace CrmSync.MarketoEmulator.Rest;

/// <summary>A Marketo error or reason: a quoted code and a plain-text message.</summary>
internal readonly record struct MarketoReason(string Code, string Message);
