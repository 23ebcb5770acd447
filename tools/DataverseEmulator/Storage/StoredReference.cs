namespace CrmSync.DataverseEmulator.Storage;

/// <summary>The stored value of a lookup, owner or customer column.</summary>
internal sealed record StoredReference(string Table, Guid Id);
