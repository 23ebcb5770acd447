using System.Net;
using System.Text;
using CrmSync.DataverseEmulator.Admin;
using CrmSync.DataverseEmulator.Tests.Support;

namespace CrmSync.DataverseEmulator.Tests;

/// <summary>
/// $batch with changesets, Content-ID references and continue-on-error:
/// https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api.
/// </summary>
public sealed class BatchTests
{
    private static string Part(string method, string url, string? body = null, int? contentId = null) =>
        "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n" + (contentId is { } id ? $"Content-ID: {id}\r\n" : string.Empty) + "\r\n"
        + $"{method} {url} HTTP/1.1\r\n" + (body is null ? "\r\n" : $"Content-Type: application/json; type=entry\r\n\r\n{body}\r\n");

    private static string ChangeSet(string boundary, params string[] parts) =>
        $"Content-Type: multipart/mixed; boundary={boundary}\r\n\r\n" + string.Concat(parts.Select(p => $"--{boundary}\r\n{p}")) + $"--{boundary}--\r\n";

    private static async Task<(HttpResponseMessage Response, string Body)> SendBatchAsync(EmulatorClient client, string prefer, params string[] items)
    {
        var content = string.Concat(items.Select(i => $"--batch_AAA123\r\n{i}")) + "--batch_AAA123--\r\n";
        var request = new HttpRequestMessage(HttpMethod.Post, "$batch") { Content = new StringContent(content, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/mixed; boundary=batch_AAA123");
        if (prefer.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        }

        var response = await client.Http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Batch_ChangeSetWithContentIdReference_CommitsAllAndAnswersMultipart()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var api = emulator.ApiUrl.ToString();

        var (response, body) = await SendBatchAsync(client, string.Empty,
            ChangeSet("changeset_BBB456",
                Part("POST", api + "leads", "{\"lastname\":\"Batch lead\"}", 1),
                Part("POST", api + "contacts", "{\"lastname\":\"Batch contact\",\"originatingleadid@odata.bind\":\"$1\"}", 2)),
            Part("GET", api + "contacts?$select=lastname"));

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.StartsWith("multipart/mixed; boundary=batchresponse_", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("boundary=changesetresponse_", body, StringComparison.Ordinal);
        Assert.Equal(2, body.Split("HTTP/1.1 204 No Content").Length - 1);
        Assert.Contains("HTTP/1.1 200 OK", body, StringComparison.Ordinal);
        Assert.Contains("Content-ID: 2", body, StringComparison.Ordinal);
        var contact = Assert.Single(emulator.Admin.GetRecords("contact"));
        var lead = Assert.Single(emulator.Admin.GetRecords("lead"));
        Assert.Equal(lead["leadid"], ((Microsoft.Xrm.Sdk.EntityReference)contact["originatingleadid"]!).Id);
    }

    [Fact]
    public async Task Batch_BindRelativeToServiceRoot_ResolvesTheRecord()
    {
        // "/contacts(id)" is the bind form of the Web API docs; inside a changeset it must resolve like outside one
        // (on Linux Uri.TryCreate read it as file:///contacts(id) and the write failed with 0x80048d19).
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var api = emulator.ApiUrl.ToString();
        var lead = emulator.Admin.CreateRecord("lead", new Dictionary<string, object?> { ["lastname"] = "Bound" });

        var (response, body) = await SendBatchAsync(client, string.Empty,
            ChangeSet("changeset_CCC789", Part("POST", api + "contacts", $"{{\"lastname\":\"From lead\",\"originatingleadid@odata.bind\":\"/leads({lead:D})\"}}", 1)));

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("HTTP/1.1 204 No Content", body, StringComparison.Ordinal);
        var contact = Assert.Single(emulator.Admin.GetRecords("contact"));
        Assert.Equal(lead, ((Microsoft.Xrm.Sdk.EntityReference)contact["originatingleadid"]!).Id);
    }

    [Fact]
    public async Task Batch_FailingChangeSet_RollsBackWholeChangeSetAndStops()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        emulator.Admin.AddValidationRule(ValidationRule.WhenEquals("contact", "lastname", "bad", "Rejected by rule."));
        var api = emulator.ApiUrl.ToString();

        var (response, body) = await SendBatchAsync(client, string.Empty,
            ChangeSet("changeset_1", Part("POST", api + "contacts", "{\"lastname\":\"good\"}", 1), Part("POST", api + "contacts", "{\"lastname\":\"bad\"}", 2)),
            Part("POST", api + "contacts", "{\"lastname\":\"after\"}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HTTP/1.1 400 Bad Request", body, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"0x80040265\"", body, StringComparison.Ordinal);
        Assert.Equal(0, emulator.Admin.Count("contact"));
    }

    [Fact]
    public async Task Batch_ContinueOnError_RunsRemainingRequests()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var api = emulator.ApiUrl.ToString();

        var (response, body) = await SendBatchAsync(client, "odata.continue-on-error",
            Part("POST", api + "contacts", "{\"firstname\":\"" + new string('x', 60) + "\"}"),
            Part("POST", api + "contacts", "{\"lastname\":\"second\"}"));

        Assert.Equal("odata.continue-on-error", response.Headers.GetValues("Preference-Applied").Single());
        Assert.Contains("0x80044331", body, StringComparison.Ordinal);
        Assert.Equal("second", Assert.Single(emulator.Admin.GetRecords("contact"))["lastname"]);
    }

    [Fact]
    public async Task Batch_MoreThan1000Requests_Returns400()
    {
        await using var emulator = await DataverseEmulator.StartAsync(EmulatorClient.Options());
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var api = emulator.ApiUrl.ToString();

        var (response, _) = await SendBatchAsync(client, string.Empty, Enumerable.Range(0, 1001).Select(_ => Part("GET", api + "WhoAmI")).ToArray());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Batch_CountsAsOneRequestForServiceProtection()
    {
        var options = EmulatorClient.Options();
        options.ServiceProtection = new ServiceProtectionLimits { RequestsPerWindow = 2 };
        await using var emulator = await DataverseEmulator.StartAsync(options);
        using var client = new EmulatorClient(emulator, EmulatorClient.MakerToken);
        var api = emulator.ApiUrl.ToString();

        var (response, body) = await SendBatchAsync(client, string.Empty, Enumerable.Range(0, 5).Select(i => Part("POST", api + "contacts", $"{{\"lastname\":\"n{i}\"}}")).ToArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("HTTP/1.1 429", body, StringComparison.Ordinal);
        Assert.Equal(5, body.Split("HTTP/1.1 204 No Content").Length - 1);
        Assert.Equal(5, emulator.Admin.Count("contact"));
        Assert.Equal(5, emulator.Admin.RequestLog.Count(e => e.InBatch));
    }
}
