namespace CrmSync.SyncAgent.Engine;

/// <summary>A value translated for one side, or why it cannot be (a rejection, DESIGN B7/B14).</summary>
/// <param name="Value">The translated value; <see cref="FieldValue.Null"/> when <see cref="Problem"/> is set.</param>
/// <param name="Problem">Why the value cannot be written, naming the value and the expected type; null when it can.</param>
internal readonly record struct Translation(FieldValue Value, string? Problem)
{
    /// <summary>Whether the value can be written.</summary>
    public bool Succeeded => Problem is null;

    /// <summary>A translated value.</summary>
    public static Translation Of(FieldValue value) => new(value, null);

    /// <summary>A value that cannot be written.</summary>
    public static Translation Refused(string problem) => new(FieldValue.Null, problem);
}
