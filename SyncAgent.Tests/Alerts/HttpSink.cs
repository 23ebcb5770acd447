using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrmSync.SyncAgent.Tests.Alerts;

/// <summary>An incoming-webhook stand-in on 127.0.0.1: keeps every JSON body posted to <c>/hook</c>; answers 200 unless told to fail.</summary>
internal sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _posts = new();
    private int _failuresLeft;

    private HttpSink(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<JsonObject> Posts => [.. _posts];

    /// <summary>The texts posted, in order.</summary>
    public IReadOnlyList<string> Texts => [.. _posts.Select(p => (string)p["text"]!)];

    /// <summary>Answer the next <paramref name="count"/> posts with HTTP 500 (and keep nothing).</summary>
    public void FailNext(int count) => _failuresLeft = count;

    public static async Task<HttpSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new HttpSink(app);
        app.MapPost("/hook/{secret}", async (HttpContext context) =>
        {
            if (Interlocked.Decrement(ref sink._failuresLeft) >= 0)
            {
                return Results.StatusCode(500);
            }

            var body = await JsonNode.ParseAsync(context.Request.Body);
            sink._posts.Enqueue(body!.AsObject());
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Url = new Uri(address + "/hook/T0SECRET-hook-path");
        return sink;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
