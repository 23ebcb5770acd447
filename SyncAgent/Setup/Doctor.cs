using CrmSync.SyncAgent.Configuration;
using CrmSync.SyncAgent.Cycle;
using CrmSync.SyncAgent.Dataverse;
using CrmSync.SyncAgent.Dataverse.Http;
using CrmSync.SyncAgent.Dataverse.Metadata;
using CrmSync.SyncAgent.Engine;
using CrmSync.SyncAgent.Marketo;
using Microsoft.Extensions.Options;

namespace CrmSync.SyncAgent.Setup;

/// <summary>
/// <c>crmsync doctor</c> (DESIGN B13): each check with pass/fail and the fix. A failed connection skips the checks
/// that depend on it (reported as failed with the reason), so the report is always complete.
/// </summary>
internal sealed class Doctor(
    DataverseClient dataverse, MarketoClient marketo, SyncUserAccess access, PluginStepConfigurator steps, MappingChecker mapping,
    IOptions<SyncOptions> sync, ObjectMappings objects)
{
    /// <summary>The solution's unique name.</summary>
    public const string SolutionName = "CrmSync";

    /// <summary>The oldest solution version this agent works with.</summary>
    public static readonly Version MinimumSolutionVersion = new(1, 0, 0, 0);

    /// <summary>The security role the solution ships for the sync user.</summary>
    public const string SyncUserRole = "CrmSync Sync User";

    /// <summary>Runs every check; <paramref name="fix"/> creates and approves the Marketo custom activity type.</summary>
    public async Task<IReadOnlyList<DoctorCheck>> RunAsync(bool fix, CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        var dynamicsOk = await CheckAsync(checks, "Dynamics URL and credentials", "check CrmSync:Dataverse:Url, TenantId, ClientId and ClientSecret (or AccessToken), and that the app user exists in the environment", async () =>
        {
            var id = await access.GetUserIdAsync(cancellationToken).ConfigureAwait(false);
            return DoctorCheck.Pass("Dynamics URL and credentials", $"WhoAmI answered: sync user {id:D} at {dataverse.ServiceRoot}");
        }).ConfigureAwait(false);

        if (dynamicsOk)
        {
            await CheckAsync(checks, "Sync user role", $"assign the '{SyncUserRole}' security role to the sync user", async () =>
            {
                var roles = await dataverse.GetUserRoleNamesAsync(await access.GetUserIdAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return roles.Contains(SyncUserRole, StringComparer.OrdinalIgnoreCase)
                    ? DoctorCheck.Pass("Sync user role", $"the sync user holds '{SyncUserRole}'")
                    : DoctorCheck.Fail("Sync user role", $"the sync user's roles are: {(roles.Count == 0 ? "none" : string.Join(", ", roles))}", $"assign the '{SyncUserRole}' security role to the sync user");
            }).ConfigureAwait(false);

            await CheckAsync(checks, "Solution installed", "import CrmSync_<version>_managed.zip (crmsync solution pack)", async () =>
            {
                var solution = await dataverse.GetSolutionAsync(SolutionName, cancellationToken).ConfigureAwait(false);
                if (solution is null)
                {
                    return DoctorCheck.Fail("Solution installed", $"solution {SolutionName} is not installed", "import CrmSync_<version>_managed.zip (crmsync solution pack)");
                }

                return Version.TryParse(solution.Version, out var version) && version >= MinimumSolutionVersion
                    ? DoctorCheck.Pass("Solution installed", $"{SolutionName} {solution.Version} ({(solution.IsManaged ? "managed" : "unmanaged")})")
                    : DoctorCheck.Fail("Solution installed", $"{SolutionName} {solution.Version} is older than {MinimumSolutionVersion}", "import the current CrmSync managed solution");
            }).ConfigureAwait(false);

            await CheckAsync(checks, "Plug-in steps", "run crmsync fields --apply", async () =>
            {
                var target = await steps.GetTargetAsync(cancellationToken).ConfigureAwait(false);
                var problems = await steps.VerifyAsync(target, cancellationToken).ConfigureAwait(false);
                return problems.Count == 0
                    ? DoctorCheck.Pass("Plug-in steps", $"all {steps.ExpectedStepCount} steps are registered, enabled and configured for the sync user and the mapping")
                    : DoctorCheck.Fail("Plug-in steps", string.Join("; ", problems.Select(p => $"{p.Step}: {p.Problem}")),
                        problems.Any(p => p.Problem.Contains("not registered", StringComparison.Ordinal) || p.Problem.Contains("disabled", StringComparison.Ordinal))
                            ? "import the CrmSync solution and enable its steps, then run crmsync fields --apply"
                            : "run crmsync fields --apply");
            }).ConfigureAwait(false);
        }
        else
        {
            foreach (var name in new[] { "Sync user role", "Solution installed", "Plug-in steps" })
            {
                checks.Add(DoctorCheck.Fail(name, "skipped: Dynamics is not reachable", "fix the Dynamics connection first"));
            }
        }

        // The describe that proves the credentials is also what the mapping check compares against.
        IReadOnlyList<MarketoField>? describe = null;
        var marketoOk = await CheckAsync(checks, "Marketo credentials", "check CrmSync:Marketo:BaseUrl, ClientId and ClientSecret (LaunchPoint custom service)", async () =>
        {
            var fields = await marketo.DescribeLeadsAsync(cancellationToken).ConfigureAwait(false);
            describe = fields;
            return DoctorCheck.Pass("Marketo credentials", $"authenticated; describe lists {fields.Count} lead fields");
        }).ConfigureAwait(false);

        if (marketoOk)
        {
            await CheckAsync(checks, "Marketo sync-result activity type", "run crmsync doctor --fix", () => CheckActivityTypeAsync(fix, cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            checks.Add(DoctorCheck.Fail("Marketo sync-result activity type", "skipped: Marketo is not reachable", "fix the Marketo connection first"));
        }

        if (!string.IsNullOrWhiteSpace(sync.Value.DeletedField))
        {
            checks.Add(marketoOk
                ? DeletedFieldCheck.Of(sync.Value.DeletedField.Trim(), describe!)
                : DoctorCheck.Fail(DeletedFieldCheck.Name, "skipped: Marketo is not reachable", "fix the Marketo connection first"));
        }

        foreach (var kind in objects.Mappings)
        {
            await CheckObjectApiAsync(checks, kind, marketoOk, cancellationToken).ConfigureAwait(false);
        }

        if (dynamicsOk)
        {
            await CheckAsync(checks, "Field mapping", "correct CrmSync:Sync:Fields, or the column security of the sync user", async () =>
            {
                var findings = await mapping.CheckAsync(marketoOk ? describe : null, cancellationToken).ConfigureAwait(false);
                var errors = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
                var warnings = findings.Count - errors.Count;
                return errors.Count == 0
                    ? DoctorCheck.Pass("Field mapping", $"every mapped field can sync{(warnings > 0 ? $" ({warnings} warning(s): run crmsync fields --check)" : "")}")
                    : DoctorCheck.Fail("Field mapping", string.Join(" ", errors.Select(e => e.Message)), "correct CrmSync:Sync:Fields or grant the missing privileges; details: crmsync fields --check");
            }).ConfigureAwait(false);
        }
        else
        {
            checks.Add(DoctorCheck.Fail("Field mapping", "skipped: Dynamics is not reachable", "fix the Dynamics connection first"));
        }

        return checks;
    }

    private async Task<DoctorCheck> CheckActivityTypeAsync(bool fix, CancellationToken cancellationToken)
    {
        const string Name = "Marketo sync-result activity type";
        var types = await marketo.GetCustomActivityTypesAsync(cancellationToken).ConfigureAwait(false);
        var type = types.FirstOrDefault(t => string.Equals(t.ApiName, SyncResultActivityType.ApiName, StringComparison.Ordinal));
        if (type is { IsApproved: true })
        {
            return DoctorCheck.Pass(Name, $"'{SyncResultActivityType.ApiName}' exists and is approved (id {type.Id})");
        }

        if (fix)
        {
            await marketo.EnsureCustomActivityTypeAsync(SyncResultActivityType.Definition, cancellationToken).ConfigureAwait(false);

            // Reported approved only when Marketo lists it so afterwards: the answer to the approve call is not proof.
            var readBack = (await marketo.GetCustomActivityTypesAsync(cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(t => string.Equals(t.ApiName, SyncResultActivityType.ApiName, StringComparison.Ordinal));
            return readBack is { IsApproved: true }
                ? DoctorCheck.Pass(Name, $"'{SyncResultActivityType.ApiName}' {(type is null ? "created and approved" : "approved")} (id {readBack.Id}, read back as {readBack.Status})")
                : DoctorCheck.Fail(
                    Name,
                    $"'{SyncResultActivityType.ApiName}' was approved but Marketo lists it as {readBack?.Status ?? "missing"}",
                    "approve it in Marketo Admin > Marketo Custom Activities, then run crmsync doctor");
        }

        return DoctorCheck.Fail(Name, type is null ? $"'{SyncResultActivityType.ApiName}' does not exist" : $"'{SyncResultActivityType.ApiName}' is a draft ({type.Status})", "run crmsync doctor --fix");
    }

    /// <summary>
    /// A one-way kind's Marketo API (DESIGN B16), e.g. Describe Company: it answers only where Marketo's native CRM sync is
    /// off and the API user's role has the object's permission, and it must describe every mapped field.
    /// </summary>
    private async Task CheckObjectApiAsync(List<DoctorCheck> checks, ObjectMapping kind, bool marketoOk, CancellationToken cancellationToken)
    {
        var name = $"Marketo {kind.Kind.MarketoObject} API";
        if (!marketoOk)
        {
            checks.Add(DoctorCheck.Fail(name, "skipped: Marketo is not reachable", "fix the Marketo connection first"));
            return;
        }

        await CheckAsync(checks, name,
            $"give the API user's role the Read-Write {kind.Kind.Name} permission; Marketo's native Dynamics sync disables this API: turn CrmSync:Sync:{kind.Kind.Section}:Enabled off on such an instance",
            async () =>
            {
                var described = await marketo.DescribeObjectFieldsAsync(kind.Kind.MarketoObject!, cancellationToken).ConfigureAwait(false);
                var missing = kind.Fields.Select(f => f.Marketo).Where(f => !described.Contains(f, StringComparer.OrdinalIgnoreCase)).ToList();
                // The person roles (opportunity roles) have their own API, under the same permission.
                var roles = kind.Kind.RoleObject is { } roleObject
                    ? await marketo.DescribeObjectFieldsAsync(roleObject, cancellationToken).ConfigureAwait(false)
                    : null;
                if (roles is not null && !roles.Contains("role", StringComparer.Ordinal))
                {
                    return DoctorCheck.Fail(name, $"Marketo does not describe the field 'role' of {kind.Kind.RoleObject}", "check the API user's role and that no native CRM sync is on");
                }

                return missing.Count == 0
                    ? DoctorCheck.Pass(name, $"describe lists every mapped field ({kind.Fields.Count})" + (roles is null ? "" : $" and the {kind.Kind.RoleObject} API answers"))
                    : DoctorCheck.Fail(name, $"Marketo does not describe {string.Join(", ", missing.Select(m => $"'{m}'"))}", $"correct CrmSync:Sync:{kind.Kind.Section}:Fields");
            }).ConfigureAwait(false);
    }

    private static async Task<bool> CheckAsync(List<DoctorCheck> checks, string name, string fix, Func<Task<DoctorCheck>> check)
    {
        DoctorCheck result;
        try
        {
            result = await check().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DataverseException or MarketoApiException or HttpRequestException or InvalidOperationException or Microsoft.Identity.Client.MsalException)
        {
            result = DoctorCheck.Fail(name, ex.Message, fix);
        }

        checks.Add(result);
        return result.Passed;
    }
}
