namespace CrmSync.SyncAgent.Engine;

/// <summary>How a mapped field's values are canonicalised for comparison.</summary>
internal enum FieldKind
{
    /// <summary>Text compared exactly (ordinal).</summary>
    Text = 0,

    /// <summary>An e-mail address: compared case-insensitively, written as given.</summary>
    Email,

    /// <summary>A number: <c>5</c>, <c>5.0</c> and <c>"5.00"</c> are equal.</summary>
    Number,

    /// <summary>A yes/no value: <c>true</c>, <c>"true"</c>, <c>"1"</c> and <c>"yes"</c> are equal.</summary>
    Boolean,

    /// <summary>A date without time (<c>yyyy-MM-dd</c>); a date-time is reduced to its UTC date.</summary>
    Date,

    /// <summary>A UTC instant compared to the second (Marketo keeps seconds only).</summary>
    DateTime,

    /// <summary>A Dynamics choice compared by its integer value.</summary>
    OptionSet,

    /// <summary>A currency amount compared as a number.</summary>
    Money,

    /// <summary>A Dynamics multi-select choice: its values, sorted and comma-separated; <c>;</c>-joined labels in Marketo.</summary>
    MultiOptionSet,

    /// <summary>A Dynamics lookup, one way to Marketo as a readable value (the referenced record's e-mail or name).</summary>
    Lookup,
}
