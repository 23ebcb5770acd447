namespace Microsoft.Xrm.Sdk;

/// <summary>The execution context passed to a plug-in: <see cref="IExecutionContext"/> plus the pipeline stage.</summary>
public interface IPluginExecutionContext : IExecutionContext
{
    /// <summary>The pipeline stage: 10 pre-validation, 20 pre-operation, 40 post-operation.</summary>
    int Stage { get; }

    /// <summary>The context of the operation that caused this one, if any.</summary>
    IPluginExecutionContext ParentContext { get; }
}
