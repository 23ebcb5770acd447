namespace Microsoft.Xrm.Sdk;

/// <summary>Entity images (pre/post) of an execution context, by alias.</summary>
public sealed class EntityImageCollection : DataCollection<string, Entity>
{
}
