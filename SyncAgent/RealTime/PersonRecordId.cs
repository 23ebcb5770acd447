using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmSync.SyncAgent.RealTime;

/// <summary>
/// The Dynamics record id for a person created by sync-person: a name-based UUID (RFC 9562 version 5, SHA-1) of
/// the Marketo id, so every attempt for one person — concurrent calls, retries, a second agent — aims at the same
/// record, and the create-only upsert lets exactly one of them create it.
/// </summary>
internal static class PersonRecordId
{
    // A fixed namespace of CrmSync's own; changing it would re-key every future create.
    private static readonly Guid Namespace = new("5b0c3f4e-8d2a-4c61-9a57-6c1e2f0d9b83");

    /// <summary>The record id for Marketo person <paramref name="marketoId"/>.</summary>
    public static Guid For(long marketoId)
    {
        var name = Encoding.UTF8.GetBytes("marketo-lead:" + marketoId.ToString(CultureInfo.InvariantCulture));
        var buffer = new byte[16 + name.Length];
        Namespace.TryWriteBytes(buffer, bigEndian: true, out _);
        name.CopyTo(buffer, 16);
        var hash = SHA1.HashData(buffer);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
