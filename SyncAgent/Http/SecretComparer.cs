using System.Security.Cryptography;
using System.Text;

namespace CrmSync.SyncAgent.Http;

/// <summary>Compares a presented secret with the configured one in constant time.</summary>
internal static class SecretComparer
{
    /// <summary>
    /// True when <paramref name="presented"/> equals <paramref name="expected"/>. Both are hashed first,
    /// so neither the content nor the length of the expected secret leaks through timing.
    /// </summary>
    public static bool Matches(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(presented) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
