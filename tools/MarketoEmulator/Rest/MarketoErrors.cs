namespace CrmSync.MarketoEmulator.Rest;

/// <summary>
/// Codes and messages from Marketo's REST error codes page
/// (https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes).
/// </summary>
internal static class MarketoErrors
{
    public static readonly MarketoReason EmptyAccessToken = new("600", "Empty access token");
    public static readonly MarketoReason AccessTokenInvalid = new("601", "Access token invalid");
    public static readonly MarketoReason AccessTokenExpired = new("602", "Access token expired");
    public static readonly MarketoReason RequestTimeOut = new("604", "Request time-out");
    public static readonly MarketoReason DailyQuotaReached = new("607", "Daily quota reached");
    public static readonly MarketoReason InvalidJson = new("609", "Invalid JSON");
    public static readonly MarketoReason ResourceNotFound = new("610", "Requested resource not found");
    public static readonly MarketoReason SystemError = new("611", "System error");
    public static readonly MarketoReason ConcurrentLimit = new("615", "Concurrent access limit reached");
    public static readonly MarketoReason BusinessRuleViolation = new("709", "Business Rule Violation");
    public static readonly MarketoReason LeadNotFound = new("1004", "Lead not found");
    public static readonly MarketoReason LeadAlreadyExists = new("1005", "Lead already exists");
    public static readonly MarketoReason MultipleLeadsMatch = new("1007", "Multiple leads match the lookup criteria");
    public static readonly MarketoReason ObjectNotFound = new("1013", "Object not found");
    public static readonly MarketoReason ObjectAlreadyExists = new("1017", "Object already exists");
    public static readonly MarketoReason MaxActivityTypes = new("1027", "Max Activity Type Limit Reached");
    public static readonly MarketoReason MaxFieldLimit = new("1028", "Max field limit reached");

    public static MarketoReason RateLimit(int calls, TimeSpan window) =>
        new("606", $"Max rate limit '{calls}' exceeded with in '{(int)window.TotalSeconds}' secs");

    public static MarketoReason CannotBeBlank(string name) => new("701", $"{name} cannot be blank");

    public static MarketoReason InvalidDateFormat(string value) => new("704", $"Invalid date format '{value}'");

    public static MarketoReason InvalidValue(string value, string type) => new("1001", $"Invalid value '{value}'. Required of type '{type}'");

    public static MarketoReason MissingValue(string name) => new("1002", $"Missing value for the required parameter '{name}'");

    /// <summary>1003 "Invalid data"; the detail says which rule the data broke.</summary>
    public static MarketoReason InvalidData(string detail) => new("1003", $"Invalid data: {detail}");

    public static MarketoReason FieldNotFound(string name) => new("1006", $"Field '{name}' not found");

    public static MarketoReason FieldNotSupported(string name) => new("1011", $"Field '{name}' not supported");
}
