using CrmSync.DataverseEmulator.Security;
using Microsoft.AspNetCore.Http;

namespace CrmSync.DataverseEmulator.Hosting;

/// <summary>
/// The client-credentials token endpoint, shaped like the Microsoft identity platform's
/// <c>POST /{tenant}/oauth2/v2.0/token</c>; tokens are opaque random strings mapped to users.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task HandleAsync(HttpContext context, UserDirectory users)
    {
        if (!context.Request.HasFormContentType)
        {
            await Fail(context, 400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            await Fail(context, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
            return;
        }

        var user = users.FindByClient(form["client_id"].ToString(), form["client_secret"].ToString());
        if (user is null)
        {
            await Fail(context, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.");
            return;
        }

        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3599,
            ["ext_expires_in"] = 3599,
            ["access_token"] = users.IssueToken(user.Id),
        }, context.RequestAborted);
    }

    private static Task Fail(HttpContext context, int status, string error, string description)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, context.RequestAborted);
    }
}
