namespace CrmSync.SyncAgent.Engine;

/// <summary>What the engine does with one field of one linked person.</summary>
internal enum FieldAction
{
    /// <summary>Neither side changed the field.</summary>
    None = 0,

    /// <summary>A side reported a value equal to the shadow (the agent's own write, or no real change): ignored.</summary>
    Echo,

    /// <summary>Write the value to Marketo.</summary>
    CopyToMarketo,

    /// <summary>Write the value to Dynamics.</summary>
    CopyToDynamics,

    /// <summary>Both sides changed the field to the same value: only the shadow moves.</summary>
    Agree,

    /// <summary>A blank would overwrite a non-blank value on a <see cref="FieldMap.KeepNonBlank"/> field: nothing is
    /// written, the shadow records the blank.</summary>
    KeepTarget,
}
