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

    /// <summary>Every kind above (the limit errors below are normally produced by the limits themselves).</summary>
    All = AccessTokenInvalid | AccessTokenExpired | RequestTimeout | SystemError | BadGateway,

    /// <summary>Error 606 Max rate limit exceeded, injected regardless of the rate window.</summary>
    RateLimited = 32,

    /// <summary>Error 615 Concurrent access limit reached, injected regardless of the calls in flight.</summary>
    ConcurrentLimit = 64,
}
