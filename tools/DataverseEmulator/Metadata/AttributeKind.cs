namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>Column types, named as Dataverse's <c>AttributeTypeCode</c>.</summary>
public enum AttributeKind
{
    /// <summary>Single line of text.</summary>
    String,

    /// <summary>Multiple lines of text.</summary>
    Memo,

    /// <summary>Whole number.</summary>
    Integer,

    /// <summary>Decimal number.</summary>
    Decimal,

    /// <summary>Floating point number.</summary>
    Double,

    /// <summary>Currency.</summary>
    Money,

    /// <summary>Yes/No.</summary>
    Boolean,

    /// <summary>Date and time (stored UTC, second precision).</summary>
    DateTime,

    /// <summary>Choice.</summary>
    Picklist,

    /// <summary>Status (statecode).</summary>
    State,

    /// <summary>Status reason (statuscode).</summary>
    Status,

    /// <summary>Reference to one table.</summary>
    Lookup,

    /// <summary>Owner (systemuser or team).</summary>
    Owner,

    /// <summary>Reference to account or contact.</summary>
    Customer,

    /// <summary>A GUID: primary keys and plain unique identifiers.</summary>
    Uniqueidentifier,

    /// <summary>Big integer (Edm.Int64): the row version <c>versionnumber</c>.</summary>
    BigInt,

    /// <summary>Multi-select choice (metadata <c>AttributeType</c> Virtual, <c>MultiSelectPicklistType</c>): the Web API
    /// reads and writes its values as one comma-separated string.</summary>
    MultiSelectPicklist,
}
