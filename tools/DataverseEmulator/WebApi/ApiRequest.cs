using CrmSync.DataverseEmulator.Security;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>A Web API request, from HTTP or from a <c>$batch</c> part.</summary>
internal sealed class ApiRequest
{
    public required string Method { get; init; }

    /// <summary>Absolute request URI.</summary>
    public required Uri Uri { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public byte[] Body { get; init; } = [];

    public required EmulatorUser User { get; init; }

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
