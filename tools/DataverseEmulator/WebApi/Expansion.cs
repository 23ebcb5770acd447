using CrmSync.DataverseEmulator.Metadata;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// A single-valued navigation property named in <c>$expand</c> (e.g. <c>ownerid($select=internalemailaddress)</c> or
/// <c>parentcustomerid_account($select=name)</c>): the lookup column it follows, the table it reaches and the columns
/// selected there (null for all).
/// </summary>
internal sealed record Expansion(string NavigationName, ColumnDefinition Column, TableDefinition Target, IReadOnlyList<ColumnDefinition>? Selected);
