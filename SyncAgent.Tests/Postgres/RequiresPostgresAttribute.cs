namespace CrmSync.SyncAgent.Tests.Postgres;

/// <summary>
/// Marks a test class whose inherited contract tests (<see cref="StoreFactAttribute"/>, <see cref="StoreTheoryAttribute"/>)
/// need PostgreSQL: where it cannot run they are reported as skipped with the reason, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class RequiresPostgresAttribute : Attribute
{
    /// <summary>Why the tests of <paramref name="testClass"/> skip, or null when they run.</summary>
    internal static string? SkipReasonFor(Xunit.Abstractions.ITypeInfo testClass) =>
        testClass.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() ? PostgresBinaries.SkipReason : null;
}
