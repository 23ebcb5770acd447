using System.Text.Json;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>A Web API response plus what the request log records about it.</summary>
internal sealed class ApiResponse
{
    public int Status { get; set; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[]? Body { get; set; }

    public string ContentType { get; set; } = "application/json; odata.metadata=minimal";

    public string? ErrorCode { get; set; }

    public IReadOnlyList<string> RequestedColumns { get; set; } = [];

    public IReadOnlyList<string> WrittenColumns { get; set; } = [];

    /// <summary>For the request log: how many rows a collection page answered (null for anything else).</summary>
    public int? PageRows { get; set; }

    public static ApiResponse NoContent() => new() { Status = 204 };

    public static ApiResponse Json(int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new ApiResponse { Status = status, Body = buffer.ToArray() };
    }

    /// <summary>The documented error shape: <c>{"error":{"code":"0x…","message":"…"}}</c>.</summary>
    public static ApiResponse Error(int status, string code, string message)
    {
        var response = Json(status, w =>
        {
            w.WriteStartObject("error");
            w.WriteString("code", code);
            w.WriteString("message", message);
            w.WriteEndObject();
        });
        response.ErrorCode = code;
        return response;
    }

    public static ApiResponse Error(WebApiException ex)
    {
        var response = Error(ex.Status, ex.Code, ex.Message);
        foreach (var (name, value) in ex.Headers)
        {
            response.Headers[name] = value;
        }

        return response;
    }
}
