using System.Security.Cryptography;
using System.Text;

namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>Deterministic ids for metadata, so a column has the same MetadataId in every run.</summary>
internal static class StableId
{
    public static Guid For(params string[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', parts)));
        return new Guid(hash.AsSpan(0, 16));
    }
}
