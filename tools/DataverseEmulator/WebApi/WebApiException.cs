namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// A failure answered as <c>{"error":{"code":"0x…","message":"…"}}</c> with an HTTP status, as in
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors.
/// </summary>
internal sealed class WebApiException : Exception
{
    public WebApiException(int status, string code, string message)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    public int Status { get; }

    public string Code { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
