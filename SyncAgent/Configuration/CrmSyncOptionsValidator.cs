using System.ComponentModel.DataAnnotations;
using CrmSync.SyncAgent.Alerts;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Engine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CrmSync.SyncAgent.Configuration;

/// <summary>
/// Validates <see cref="CrmSyncOptions"/> at start: the data annotations of every section, then the rules they cannot
/// express. Every message names the configuration key, e.g. <c>CrmSync:Sync:Fields:2:Winner</c>.
/// </summary>
internal sealed class CrmSyncOptionsValidator : IValidateOptions<CrmSyncOptions>
{
    private const string Fields = "CrmSync:Sync:Fields";

    /// <summary>The length of the Marketo opportunity role's <c>role</c> field.</summary>
    private const int MaxRoleLength = 50;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CrmSyncOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var section in new object[] { options.Dataverse, options.Marketo, options.Sync, options.State, options.Webhook, options.Http, options.Alerts, options.Alerts.Smtp, options.History })
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true);
            errors.AddRange(results.Select(r => r.ErrorMessage ?? "Invalid CrmSync configuration."));
        }

        ValidateDataverse(options.Dataverse, errors);
        CheckUrl("CrmSync:Marketo:BaseUrl", options.Marketo.BaseUrl, options.Marketo.AllowInsecureHttp, errors);
        ValidateFields(options.Sync.Fields, errors);
        ValidateObjectKinds(options.Sync, errors);
        ValidateState(options.State, errors);
        ValidateHttp(options.Http, errors);
        if (options.Webhook.Secret is { } secret && (string.IsNullOrWhiteSpace(secret) || secret.Trim() != secret))
        {
            // A secret pasted with a space or a line break would never match what Marketo sends.
            errors.Add("CrmSync:Webhook:Secret is blank or has leading or trailing white space; remove it (the secret is compared exactly).");
        }

        AlertOptionsValidation.Validate(options.Alerts, errors);
        if (options.Telemetry.OtlpEndpoint is { IsAbsoluteUri: false } or { Scheme: not ("http" or "https") })
        {
            errors.Add("CrmSync:Telemetry:OtlpEndpoint must be an absolute http(s) URL (e.g. http://collector:4317).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateDataverse(DataverseOptions dataverse, List<string> errors)
    {
        // Credentials are checked by DataverseOptions itself (IValidatableObject, run above).
        CheckUrl("CrmSync:Dataverse:Url", dataverse.Url, dataverse.AllowInsecureHttp, errors);
    }

    private static void CheckUrl(string key, Uri? url, bool allowInsecureHttp, List<string> errors)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{key} must be an absolute http(s) URL (got '{ConfigurationText.Redact(url.OriginalString)}').");
        }
        else if (url.Scheme == Uri.UriSchemeHttp && !url.IsLoopback && !allowInsecureHttp)
        {
            errors.Add($"{key} uses http:// for a non-loopback host '{url.Host}'; use https:// (or set AllowInsecureHttp in the same section for a test system).");
        }
    }

    private static void ValidateFields(List<FieldMappingOptions> fields, List<string> errors)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var key = $"{Fields}:{i}";
            if (string.IsNullOrWhiteSpace(field.Marketo))
            {
                errors.Add($"{key}:Marketo is required (the Marketo REST field name).");
            }

            if (string.IsNullOrWhiteSpace(field.Dynamics))
            {
                errors.Add($"{key}:Dynamics is required (the Dynamics attribute logical name).");
            }
            else if (!ConfigurationText.IsLogicalName(field.Dynamics))
            {
                // It becomes part of $select and $filter: anything but a logical name would change the query.
                errors.Add($"{key}:Dynamics '{ConfigurationText.Printable(field.Dynamics)}' is not a Dynamics logical name (lower-case letters, digits and '_', starting with a letter).");
            }

            if (!FieldMappingFactory.TryParseWinner(field.Winner, out _))
            {
                errors.Add($"{key}:Winner '{field.Winner}' is unknown; use null, 'dynamics', 'marketo' or 'newest'.");
            }

            if (!FieldMappingFactory.TryParseKind(field.Type, field.Dynamics, out _))
            {
                errors.Add($"{key}:Type '{field.Type}' is unknown; use text, email, number, boolean, date, datetime, optionset, multioptionset, money or lookup (or omit it: the column's metadata decides).");
            }

            if (!FieldMappingFactory.TryParseDirection(field.Direction, out var direction))
            {
                errors.Add($"{key}:Direction '{field.Direction}' is unknown; use 'both', 'toMarketo' or 'toDynamics'.");
            }
            else if (direction != FieldDirection.Both && FieldMappingFactory.TryParseKind(field.Type, field.Dynamics, out var kind) && kind == FieldKind.Email)
            {
                errors.Add($"{key}:Direction '{field.Direction}' is not allowed on the email field: persons are matched by email, so it flows both ways.");
            }

            if (!FieldMappingFactory.TryParseLookupValue(field.LookupValue, out _))
            {
                errors.Add($"{key}:LookupValue '{field.LookupValue}' is unknown; use 'email', 'name' or 'externalId'.");
            }

            for (var e = 0; e < field.Entities.Count; e++)
            {
                if (!SyncEntityNames.TryParse(field.Entities[e]?.Trim(), out _))
                {
                    errors.Add($"{key}:Entities:{e} '{field.Entities[e]}' is unknown; use 'lead' or 'contact'.");
                }
            }
        }

        var marketo = new Dictionary<(SyncEntity, string), int>();
        var dynamics = new Dictionary<(SyncEntity, string), int>();
        foreach (var (index, map) in FieldMappingFactory.MapsWithIndex(fields))
        {
            var entity = map.Entity.ToLogicalName();
            if (!marketo.TryAdd((map.Entity, map.Marketo.ToUpperInvariant()), index))
            {
                errors.Add($"{Fields}:{index} maps Marketo field '{map.Marketo}' for {entity} again (already in {Fields}:{marketo[(map.Entity, map.Marketo.ToUpperInvariant())]}).");
            }

            if (!dynamics.TryAdd((map.Entity, map.Dynamics.ToUpperInvariant()), index))
            {
                errors.Add($"{Fields}:{index} maps Dynamics attribute '{map.Dynamics}' for {entity} again (already in {Fields}:{dynamics[(map.Entity, map.Dynamics.ToUpperInvariant())]}).");
            }
        }
    }

    /// <summary>The one-way kinds' fields (DESIGN B16), e.g. <c>CrmSync:Sync:Accounts:Fields:0:Dynamics</c>.</summary>
    private static void ValidateObjectKinds(SyncOptions sync, List<string> errors)
    {
        foreach (var kind in EntityKinds.OneWay)
        {
            var options = sync.For(kind);
            if (options.Role is not null && kind.RoleObject is null)
            {
                errors.Add($"CrmSync:Sync:{kind.Section}:Role is set, but a {kind.Name} has no person roles: remove the key.");
            }
            else if (options.Role is not null && (string.IsNullOrWhiteSpace(options.Role) || options.Role.Trim().Length > MaxRoleLength))
            {
                errors.Add($"CrmSync:Sync:{kind.Section}:Role must name the {kind.Name} role (1 to {MaxRoleLength} characters, e.g. '{kind.DefaultRoleName}').");
            }

            var seenMarketo = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var seenDynamics = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < options.Fields.Count; i++)
            {
                var field = options.Fields[i];
                var key = $"CrmSync:Sync:{kind.Section}:Fields:{i}";
                if (string.IsNullOrWhiteSpace(field.Marketo))
                {
                    errors.Add($"{key}:Marketo is required (the Marketo {kind.Name} field name).");
                }
                else if (string.Equals(field.Marketo.Trim(), kind.ExternalIdField, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{key}:Marketo '{field.Marketo}' is the {kind.Name}'s external id: CrmSync writes the Dynamics id there; map another field.");
                }
                else if (seenMarketo.TryGetValue(field.Marketo.Trim(), out var first))
                {
                    errors.Add($"{key} maps Marketo field '{field.Marketo}' again (already in CrmSync:Sync:{kind.Section}:Fields:{first}).");
                }
                else
                {
                    seenMarketo[field.Marketo.Trim()] = i;
                }

                if (string.IsNullOrWhiteSpace(field.Dynamics))
                {
                    errors.Add($"{key}:Dynamics is required (the {kind.DynamicsTable} column's logical name).");
                }
                else if (!ConfigurationText.IsLogicalName(field.Dynamics))
                {
                    errors.Add($"{key}:Dynamics '{ConfigurationText.Printable(field.Dynamics)}' is not a Dynamics logical name (lower-case letters, digits and '_', starting with a letter).");
                }
                else if (field.TrueWhen.Count == 0 && seenDynamics.TryGetValue(field.Dynamics.Trim(), out var first))
                {
                    errors.Add($"{key} maps Dynamics column '{field.Dynamics}' again (already in CrmSync:Sync:{kind.Section}:Fields:{first}).");
                }
                else if (field.TrueWhen.Count == 0)
                {
                    seenDynamics[field.Dynamics.Trim()] = i;
                }

                if (field.TrueWhen.Count > 0 && !string.IsNullOrWhiteSpace(field.Type) && !string.Equals(field.Type.Trim(), "boolean", StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add($"{key}:Type '{field.Type}' does not fit TrueWhen: a field with TrueWhen is a Marketo Boolean (omit Type or use boolean).");
                }
                else if (field.TrueWhen.Any(v => v < 0))
                {
                    errors.Add($"{key}:TrueWhen lists '{field.TrueWhen.First(v => v < 0)}', which is not a choice value (0 or more).");
                }
                else if (!ObjectMappingFactory.TryParseKind(field.Type, out _))
                {
                    errors.Add($"{key}:Type '{field.Type}' is unknown; use text, number, money, boolean, date, datetime or optionset (or omit it: the column's metadata decides).");
                }
            }
        }
    }

    private static void ValidateState(StateOptions state, List<string> errors)
    {
        if (!StateOptions.IsKnownProvider(state.Provider))
        {
            errors.Add($"CrmSync:State:Provider must be '{StateOptions.Sqlite}' or '{StateOptions.Postgres}' (got '{state.Provider}').");
            return;
        }

        if (string.IsNullOrWhiteSpace(state.ConnectionString))
        {
            return;
        }

        if (state.IsPostgres)
        {
            ValidatePostgres(state.ConnectionString, errors);
            return;
        }

        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(state.ConnectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            errors.Add($"CrmSync:State:ConnectionString is not a valid SQLite connection string: {ex.Message}");
            return;
        }

        StateConnectionChecks.Check(state.ConnectionString, builder, errors);
    }

    private static void ValidatePostgres(string connectionString, List<string> errors)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host))
            {
                errors.Add("CrmSync:State:ConnectionString must name the PostgreSQL server (Host=…;Database=…;Username=…) when CrmSync:State:Provider is postgres.");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            errors.Add($"CrmSync:State:ConnectionString is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }

    private static void ValidateHttp(HttpOptions http, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(http.Urls))
        {
            return;
        }

        foreach (var url in http.UrlList)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"CrmSync:Http:Urls entry '{ConfigurationText.Redact(url)}' is not an absolute http(s) URL.");
            }
            else if (!IsLoopback(uri) && string.IsNullOrEmpty(http.StatusKey))
            {
                // The status page names people and records: it leaves the machine only behind a key.
                errors.Add($"CrmSync:Http:Urls entry '{ConfigurationText.Redact(url)}' is not a loopback address; set CrmSync:Http:StatusKey to listen on it.");
            }
        }
    }

    /// <summary>True for localhost and loopback IP addresses; wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>) are not.</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase);
}
