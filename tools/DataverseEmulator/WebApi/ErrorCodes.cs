namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Error codes as the Web API returns them (hex), from
/// https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes and
/// https://learn.microsoft.com/power-apps/developer/data-platform/api-limits.
/// </summary>
internal static class ErrorCodes
{
    /// <summary>IsvAborted: a plug-in or validation cancelled the operation (400).</summary>
    public const string IsvAborted = "0x80040265";

    /// <summary>ObjectDoesNotExist (404).</summary>
    public const string ObjectDoesNotExist = "0x80040217";

    /// <summary>ConcurrencyVersionMismatch (412).</summary>
    public const string ConcurrencyVersionMismatch = "0x80060882";

    /// <summary>DuplicateRecord (412).</summary>
    public const string DuplicateRecord = "0x80040237";

    /// <summary>Resource or property not found for a segment / query option (400/404).</summary>
    public const string ResourceNotFound = "0x80060888";

    /// <summary>Error identified in payload (400).</summary>
    public const string PayloadError = "0x80048d19";

    /// <summary>StringLengthTooLong (400).</summary>
    public const string StringLengthTooLong = "0x80044331";

    /// <summary>A choice value outside the column's options (400; -2147204326).</summary>
    /// <remarks>
    /// Not confirmed in Microsoft's documentation: the Web service error codes page could not be matched to this code
    /// through the documentation search, and third-party Dataverse clients disagree on its name (PicklistValueOutOfRange
    /// in some, other names in others). The message ("... is outside the valid range. Accepted Values: ...") follows what
    /// the platform is reported to answer. The agent does not depend on the code: the engine refuses unknown labels and
    /// values before it writes (DESIGN B14), so this answer is a last line of defence.
    /// </remarks>
    public const string OptionValueOutOfRange = "0x8004431a";

    /// <summary>InvalidArgument (400).</summary>
    public const string InvalidArgument = "0x80040203";

    /// <summary>PrivilegeDenied (403).</summary>
    public const string PrivilegeDenied = "0x80040220";

    /// <summary>AttributePermissionUpdateIsMissingDuringUpdate (403).</summary>
    public const string AttributeUpdateDenied = "0x8004F507";

    /// <summary>AttributePrivilegeCreateIsMissing (403).</summary>
    public const string AttributeCreateDenied = "0x8004F502";

    /// <summary>Service protection: number of requests (429).</summary>
    public const string RequestLimit = "0x80072322";

    /// <summary>Service protection: combined execution time (429).</summary>
    public const string ExecutionTimeLimit = "0x80072321";

    /// <summary>Service protection: concurrent requests (429).</summary>
    public const string ConcurrencyLimit = "0x80072326";

    /// <summary>Unexpected server error (500/503, injected faults).</summary>
    public const string Unexpected = "0x80040216";

    /// <summary>Infinite loop: depth limit of 8 exceeded.</summary>
    public const string InfiniteLoop = "0x80044182";

    /// <summary>Solution import failed.</summary>
    public const string ImportFailed = "0x8004801a";
}
