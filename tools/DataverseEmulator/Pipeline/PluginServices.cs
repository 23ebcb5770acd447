using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>The service provider passed to <see cref="IPlugin.Execute"/>: context, tracing and the organization service factory.</summary>
internal sealed class PluginServices : IServiceProvider, IOrganizationServiceFactory, ITracingService
{
    private readonly EmulatedPluginContext _context;
    private readonly Func<Guid?, IOrganizationService> _serviceFactory;
    private readonly Action<string> _trace;

    public PluginServices(EmulatedPluginContext context, Func<Guid?, IOrganizationService> serviceFactory, Action<string> trace)
    {
        _context = context;
        _serviceFactory = serviceFactory;
        _trace = trace;
    }

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IPluginExecutionContext) || serviceType == typeof(IExecutionContext) ? _context
        : serviceType == typeof(ITracingService) ? this
        : serviceType == typeof(IOrganizationServiceFactory) ? this
        : null;

    public IOrganizationService CreateOrganizationService(Guid? userId) => _serviceFactory(userId);

    public void Trace(string format, params object[] args) =>
        _trace(args is { Length: > 0 } ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args) : format);
}
