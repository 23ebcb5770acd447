using System.Globalization;
using Microsoft.Xrm.Sdk;

namespace CrmSync.Plugins.Tests.Harness;

/// <summary>Formats trace calls as the platform does and keeps the lines.</summary>
internal sealed class CapturingTracingService : ITracingService
{
    public List<string> Lines { get; } = new();

    public void Trace(string format, params object[] args) =>
        Lines.Add(string.Format(CultureInfo.InvariantCulture, format, args));

    public bool Contains(string text) => Lines.Exists(line => line.Contains(text, StringComparison.Ordinal));
}
