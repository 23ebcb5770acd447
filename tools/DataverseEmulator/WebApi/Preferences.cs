using Microsoft.Net.Http.Headers;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>The <c>Prefer</c> header preferences the Web API honours (RFC 7240, parsed by ASP.NET Core's header parser).</summary>
internal sealed class Preferences
{
    public const int MaxPageSize = 5000;

    /// <summary>The formatted-value annotation (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query/select-columns).</summary>
    public const string FormattedValue = "OData.Community.Display.V1.FormattedValue";

    public bool ReturnRepresentation { get; private init; }

    public int? MaxPageSizeRequested { get; private init; }

    public bool ContinueOnError { get; private init; }

    /// <summary>Whether <c>Microsoft.Dynamics.CRM.lookuplogicalname</c> annotations were asked for.</summary>
    public bool LookupAnnotations { get; private init; }

    /// <summary>Whether <c>OData.Community.Display.V1.FormattedValue</c> annotations were asked for.</summary>
    public bool FormattedValues { get; private init; }

    public static Preferences Parse(string? prefer)
    {
        if (string.IsNullOrWhiteSpace(prefer) || !NameValueHeaderValue.TryParseList([prefer], out var items))
        {
            return new Preferences();
        }

        string? Value(string name) => items.FirstOrDefault(i => i.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } item
            ? HeaderUtilities.RemoveQuotes(item.Value).ToString()
            : null;

        var annotations = (Value("odata.include-annotations") ?? string.Empty).Split(',').Select(a => a.Trim()).ToList();
        return new Preferences
        {
            ReturnRepresentation = Value("return") == "representation",
            MaxPageSizeRequested = int.TryParse(Value("odata.maxpagesize"), out var size) && size > 0 ? size : null,
            ContinueOnError = items.Any(i => i.Name.Equals("odata.continue-on-error", StringComparison.OrdinalIgnoreCase)),
            LookupAnnotations = annotations.Any(a => a is "*" or "Microsoft.Dynamics.CRM.*" or "Microsoft.Dynamics.CRM.lookuplogicalname"),
            FormattedValues = annotations.Any(a => a is "*" or "OData.Community.Display.V1.*" or FormattedValue),
        };
    }
}
