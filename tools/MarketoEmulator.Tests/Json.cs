using System.Text.Json;

namespace CrmSync.MarketoEmulator.Tests;

/// <summary>Small readers for Marketo envelopes.</summary>
internal static class Json
{
    public static string? ErrorCode(this JsonElement body) =>
        body.GetProperty("success").GetBoolean() ? null : body.GetProperty("errors")[0].GetProperty("code").GetString();

    public static JsonElement Result(this JsonElement body, int index = 0)
    {
        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        return body.GetProperty("result")[index];
    }

    public static JsonElement[] Results(this JsonElement body)
    {
        Assert.True(body.GetProperty("success").GetBoolean(), body.ToString());
        return body.GetProperty("result").EnumerateArray().ToArray();
    }

    public static string? ReasonCode(this JsonElement record) => record.TryGetProperty("reasons", out var r) ? r[0].GetProperty("code").GetString() : null;

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
