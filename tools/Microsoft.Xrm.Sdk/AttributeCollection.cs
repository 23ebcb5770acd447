namespace Microsoft.Xrm.Sdk;

/// <summary>The attributes of an <see cref="Entity"/>: logical name → value.</summary>
public sealed class AttributeCollection : DataCollection<string, object>
{
}
