using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Client;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Auth;

namespace CrmSync.SyncAgent.Tests.Dataverse;

/// <summary>
/// MSAL over a real socket: MSAL requires an https authority, so the test hosts a token endpoint on an https loopback
/// Kestrel with a self-signed certificate made here, trusted only by the HttpClient this test hands MSAL.
/// </summary>
public sealed class MsalHttpsLoopbackTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private WebApplication? _app;
    private int _tokenRequests;
    private string? _lastForm;

    private sealed class TrustingFactory(X509Certificate2 trusted) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => new(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && cert.GetCertHashString() == trusted.GetCertHashString() },
        });
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.UseHttps(_certificate)));
        _app = builder.Build();
        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext context) =>
        {
            Interlocked.Increment(ref _tokenRequests);
            var form = await context.Request.ReadFormAsync();
            _lastForm = $"{form["grant_type"]}|{form["scope"]}|{form["client_id"]}";
            return Results.Text("""{"token_type":"Bearer","expires_in":3600,"ext_expires_in":3600,"access_token":"loopback-token"}""", "application/json");
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    [Fact]
    public async Task GetTokenAsync_HttpsLoopbackAuthority_AcquiresAndCachesToken()
    {
        var address = _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var options = new DataverseOptions
        {
            Url = new Uri(DataverseTestHost.OrgUrl),
            ClientId = "client-1",
            ClientSecret = "secret-1",
            Authority = new Uri(address.TrimEnd('/') + "/tenant-1/"),
        };
        var sut = new MsalTokenSource(options, new TrustingFactory(_certificate));

        Assert.Equal("loopback-token", await sut.GetTokenAsync(CancellationToken.None));
        Assert.Equal("loopback-token", await sut.GetTokenAsync(CancellationToken.None));

        Assert.Equal(1, _tokenRequests);
        Assert.Equal("client_credentials|https://org.example.crm.dynamics.com/.default|client-1", _lastForm);
        Assert.StartsWith("https://127.0.0.1:", address, StringComparison.Ordinal);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Round-trip through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
