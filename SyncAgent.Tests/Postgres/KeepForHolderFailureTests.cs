using System.Text;
using System.Text.Json.Nodes;
using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Http;
using CrmSync.SyncAgent.State.Postgres;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Issue 16: a sync-person call on an agent without the pair's lease is kept in the pair's state for the holder. When
/// that state does not answer, nothing was kept, and the caller is told so (503, "send it again"), never 202.
/// </summary>
public sealed class KeepForHolderFailureTests
{
    private const string Secret = "keep-for-holder-secret-1357";

    [Fact]
    public async Task SyncPerson_NotHolderAndTheStateDoesNotAnswer_Is503SayingNothingWasKept()
    {
        // Nothing listens on port 9: the store's first connection is refused.
        await using var state = new PostgresStateStore("Host=127.0.0.1;Port=9;Username=crmsync;Database=none;Timeout=2", TimeProvider.System, "p1",
            new CommitFence("p1", "a1-0"), writerWait: TimeSpan.FromSeconds(2));
        var context = new DefaultHttpContext();
        context.Request.Headers[SyncPersonEndpoint.SecretHeader] = Secret;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"leadId": 4242, "as": "lead"}"""));

        var result = await SyncPersonEndpoint.HandleAsync(
            context, Options.Create(new WebhookOptions { Secret = Secret }), service: null!, TimeProvider.System, new CommitFence("p1", "a1-0"), state);

        var json = Assert.IsType<JsonHttpResult<JsonObject>>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, json.StatusCode);
        var error = (string?)json.Value!["error"];
        Assert.StartsWith("pair 'p1' is run by another agent now and this agent could not keep the request for it (the state did not answer: ", error, StringComparison.Ordinal);
        Assert.EndsWith("); nothing was written: send it again", error, StringComparison.Ordinal);
    }
}
