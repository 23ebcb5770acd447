namespace Microsoft.Xrm.Sdk;

/// <summary>Input, output and shared parameters of an execution context.</summary>
public sealed class ParameterCollection : DataCollection<string, object>
{
}
