namespace CrmSync.SyncAgent.Dataverse.Http;

/// <summary>The endpoint name a Dataverse request is counted under: the entity set, <c>$batch</c>, or the function, without keys or query.</summary>
internal static class DataverseEndpoint
{
    private const string ApiRoot = "/api/data/v9.2/";

    public static string Of(Uri? uri)
    {
        var path = uri?.IsAbsoluteUri == true ? uri.AbsolutePath : uri?.OriginalString ?? "";
        var start = path.IndexOf(ApiRoot, StringComparison.OrdinalIgnoreCase);
        var rest = start < 0 ? path.TrimStart('/') : path[(start + ApiRoot.Length)..];
        var end = rest.IndexOfAny(['(', '/', '?']);
        var name = end < 0 ? rest : rest[..end];
        return name.Length == 0 ? "other" : Uri.UnescapeDataString(name);
    }
}
