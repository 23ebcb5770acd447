using System.Globalization;

namespace CrmSync.MarketoEmulator.Rest;

/// <summary>
/// Query parameters of a REST call. Lists accept both comma-separated values and repeated
/// parameters (the docs use <c>activityTypeIds=1&amp;activityTypeIds=12</c>). A POST with
/// <c>_method=GET</c> carries them in a form body, as the error codes page (414) describes.
/// </summary>
internal sealed class RestParams(IQueryCollection query, IFormCollection? form)
{
    public static async Task<RestParams> Read(HttpContext ctx)
    {
        var form = ctx.Request.Method == "POST" && ctx.Request.Query["_method"] == "GET" && ctx.Request.HasFormContentType
            ? await ctx.Request.ReadFormAsync(ctx.RequestAborted)
            : null;
        return new RestParams(ctx.Request.Query, form);
    }

    public string? Get(string name) =>
        (form is not null && form.TryGetValue(name, out var f) ? f.FirstOrDefault() : null) ?? query[name].FirstOrDefault();

    public List<string> List(string name)
    {
        IEnumerable<string?> raw = query[name];
        if (form is not null && form.TryGetValue(name, out var f))
        {
            raw = raw.Concat(f);
        }

        return raw
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
    }

    /// <summary>The batch size: default and maximum <paramref name="max"/>; null with an error when out of range.</summary>
    public (int Size, MarketoReason? Error) BatchSize(int max)
    {
        var text = Get("batchSize");
        if (string.IsNullOrEmpty(text))
        {
            return (max, null);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is > 0 && size <= max
            ? (size, null)
            : (0, MarketoErrors.InvalidData($"batchSize must be between 1 and {max}"));
    }

    /// <summary>Integer ids from a list parameter; null when one is not an integer.</summary>
    public List<int>? Ints(string name)
    {
        var result = new List<int>();
        foreach (var v in List(name))
        {
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                return null;
            }

            result.Add(i);
        }

        return result;
    }
}
