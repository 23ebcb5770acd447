namespace CrmSync.MarketoEmulator.Admin;

/// <summary>One REST or identity call the emulator answered.</summary>
/// <param name="Timestamp">When it was answered (emulator clock).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Request path, e.g. <c>/rest/v1/leads.json</c>.</param>
/// <param name="Query">Query string including the leading <c>?</c> (access_token removed), or empty.</param>
/// <param name="StatusCode">HTTP status code.</param>
/// <param name="ErrorCode">First Marketo error code of a <c>success:false</c> answer, or null.</param>
public sealed record MarketoRequestLogEntry(DateTimeOffset Timestamp, string Method, string Path, string Query, int StatusCode, string? ErrorCode);
