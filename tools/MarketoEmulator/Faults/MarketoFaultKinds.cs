namespace CrmSync.MarketoEmulator.Faults;

/// <summary>Faults the emulator can inject into REST calls.</summary>
[Flags]
public enum MarketoFaultKinds
{
    /// <summary>No faults.</summary>
    None = 0,

    /// <summary>Error 601 Access token invalid.</summary>
    AccessTokenInvalid = 1,

    /// <summary>Error 602 Access token expired.</summary>
    AccessTokenExpired = 2,

    /// <summary>Error 604 Request time-out.</summary>
    RequestTimeout = 4,

    /// <summary>Error 611 System error.</summary>
    SystemError = 8,

    /// <summary>HTTP 502 Bad Gateway (no Marketo envelope).</summary>
    BadGateway = 16,

    /// <summary>Every kind above.</summary>
    All = AccessTokenInvalid | AccessTokenExpired | RequestTimeout | SystemError | BadGateway,
}
