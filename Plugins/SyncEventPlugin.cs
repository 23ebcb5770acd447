using System;
using System.Globalization;
using CrmSync.Plugins.Configuration;
using CrmSync.Plugins.Events;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins;

/// <summary>
/// The change-capture plug-in (DESIGN §2): registered PostOperation, synchronous, on Create, Update
/// and Delete of lead and contact, it writes one <c>crmsync_syncevent</c> row per relevant change.
/// It never fails a user's save for data or configuration reasons: those are traced and skipped.
/// </summary>
/// <remarks>
/// The platform caches instances and calls <see cref="Execute"/> from many threads, so the
/// configuration is parsed once here and nothing mutable is kept.
/// </remarks>
public sealed class SyncEventPlugin : IPlugin
{
    private readonly SyncEventDecider? _decider;
    private readonly string? _configurationError;

    /// <summary>Creates the plug-in with the step's configurations.</summary>
    /// <param name="unsecureConfiguration">The step's configuration JSON (see <see cref="SyncConfiguration"/>).</param>
    /// <param name="secureConfiguration">Unused.</param>
    public SyncEventPlugin(string unsecureConfiguration, string secureConfiguration)
    {
        _ = secureConfiguration;
        try
        {
            _decider = new SyncEventDecider(SyncConfiguration.Parse(unsecureConfiguration));
        }
        catch (FormatException ex)
        {
            _configurationError = ex.Message;
        }
    }

    /// <inheritdoc />
    public void Execute(IServiceProvider serviceProvider)
    {
        if (serviceProvider is null)
        {
            throw new InvalidPluginExecutionException("CrmSync: the platform passed no service provider.");
        }

        var trace = new PluginTrace(serviceProvider.GetService(typeof(ITracingService)) as ITracingService);
        if (serviceProvider.GetService(typeof(IPluginExecutionContext)) is not IPluginExecutionContext context)
        {
            trace.Write("no execution context; nothing staged");
            return;
        }

        var correlation = context.CorrelationId.ToString("D");
        trace.Write("entered " + nameof(SyncEventPlugin) + ", correlation " + correlation);
        try
        {
            var decision = Decide(context, trace);
            if (decision?.Row is not null)
            {
                Stage(serviceProvider, decision.Row, decision.RowName, trace);
            }
        }
        finally
        {
            trace.Write("exited " + nameof(SyncEventPlugin) + ", correlation " + correlation);
        }
    }

    private SyncDecision? Decide(IExecutionContext context, PluginTrace trace)
    {
        if (_decider is null)
        {
            trace.Write("invalid step configuration, nothing staged: " + _configurationError);
            return null;
        }

        try
        {
            var e = PluginEventReader.Read(context);
            trace.Write(e.MessageName + " " + e.EntityName + " " + e.RecordId.ToString("D") + ", depth " +
                e.Depth.ToString(CultureInfo.InvariantCulture));
            var decision = _decider.Decide(e);
            foreach (var note in decision.Notes)
            {
                trace.Write(note);
            }

            trace.Write(decision.Row is null ? "skipped: " + decision.Reason : decision.Reason);
            return decision;
        }
#pragma warning disable CA1031 // A user's save must never fail because CrmSync met data it did not expect.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            trace.Write("unexpected data, nothing staged: " + ex);
            return null;
        }
    }

    private static void Stage(IServiceProvider serviceProvider, Entity row, string rowName, PluginTrace trace)
    {
        if (serviceProvider.GetService(typeof(IOrganizationServiceFactory)) is not IOrganizationServiceFactory factory)
        {
            trace.Write("no organization service factory; nothing staged");
            return;
        }

        try
        {
            // SYSTEM writes the row, so users need no privilege on the staging table.
            var service = factory.CreateOrganizationService(null);
            service.Create(row);
        }
        catch (Exception ex)
        {
            trace.Write("writing the staging row failed: " + ex.Message);
            throw new InvalidPluginExecutionException(
                "CrmSync could not stage the change (" + rowName + "): " + ex.Message, ex);
        }
    }
}
