using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Identity;

/// <summary>
/// <c>GET|POST /identity/oauth/token?grant_type=client_credentials&amp;client_id=..&amp;client_secret=..</c>
/// (Marketo authentication page). Bad credentials answer HTTP 401.
/// </summary>
internal static class IdentityEndpoints
{
    public static void Map(WebApplication app, TokenService tokens, string scopeSuffix)
    {
        async Task Handle(HttpContext ctx)
        {
            var query = ctx.Request.Query;
            IFormCollection? form = ctx.Request.HasFormContentType ? await ctx.Request.ReadFormAsync(ctx.RequestAborted) : null;
            string? Param(string name) => query[name].FirstOrDefault() ?? form?[name].FirstOrDefault();

            if (Param("grant_type") != "client_credentials")
            {
                await Json.Write(ctx, new JsonObject { ["error"] = "unsupported_grant_type", ["error_description"] = "Unsupported grant type" }, 400);
                return;
            }

            var clientId = Param("client_id");
            if (tokens.Issue(clientId, Param("client_secret")) is not { } issued)
            {
                await Json.Write(ctx, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "Bad client credentials" }, 401);
                return;
            }

            await Json.Write(ctx, new JsonObject
            {
                ["access_token"] = issued.Token,
                ["token_type"] = "bearer",
                ["expires_in"] = issued.ExpiresIn,
                ["scope"] = $"{clientId}@{scopeSuffix}",
            });
        }

        app.MapMethods("/identity/oauth/token", ["GET", "POST"], Handle);
    }
}
