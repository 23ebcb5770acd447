using CrmSync.DataverseEmulator.Storage;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Evaluates a <c>$filter</c> tree produced by <see cref="ODataUriParser"/> against one record.
/// Text compares case-insensitively, as Dataverse's database collation does.
/// </summary>
internal static class FilterEvaluator
{
    public static bool Matches(SingleValueNode node, Func<string, object?> property) => Evaluate(node, property) is true;

    public static object? Evaluate(SingleValueNode node, Func<string, object?> property) => node switch
    {
        ConstantNode constant => constant.Value,
        ConvertNode convert => Evaluate(convert.Source, property),
        SingleValuePropertyAccessNode access => property(access.Property.Name),
        UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not => Evaluate(not.Operand, property) is not true,
        BinaryOperatorNode binary => Binary(binary, property),
        SingleValueFunctionCallNode call => Function(call, property),
        InNode @in => In(@in, property),
        _ => throw new ODataException($"The query node '{node.Kind}' is not supported by the emulator."),
    };

    private static bool Binary(BinaryOperatorNode node, Func<string, object?> property)
    {
        if (node.OperatorKind == BinaryOperatorKind.And)
        {
            return Evaluate(node.Left, property) is true && Evaluate(node.Right, property) is true;
        }

        if (node.OperatorKind == BinaryOperatorKind.Or)
        {
            return Evaluate(node.Left, property) is true || Evaluate(node.Right, property) is true;
        }

        var left = Evaluate(node.Left, property);
        var right = Evaluate(node.Right, property);
        if (left is null || right is null)
        {
            return node.OperatorKind switch
            {
                BinaryOperatorKind.Equal => left is null && right is null,
                BinaryOperatorKind.NotEqual => !(left is null && right is null),
                _ => false,
            };
        }

        var order = Compare(left, right);
        return node.OperatorKind switch
        {
            BinaryOperatorKind.Equal => order == 0,
            BinaryOperatorKind.NotEqual => order != 0,
            BinaryOperatorKind.GreaterThan => order > 0,
            BinaryOperatorKind.GreaterThanOrEqual => order >= 0,
            BinaryOperatorKind.LessThan => order < 0,
            BinaryOperatorKind.LessThanOrEqual => order <= 0,
            _ => throw new ODataException($"The operator '{node.OperatorKind}' is not supported by the emulator."),
        };
    }

    private static bool Function(SingleValueFunctionCallNode call, Func<string, object?> property)
    {
        var args = call.Parameters.Cast<SingleValueNode>().Select(p => Evaluate(p, property)).ToArray();
        if (args.Length != 2)
        {
            throw new ODataException($"The function '{call.Name}' is not supported by the emulator.");
        }

        if (args[0] is not string text || args[1] is not string part)
        {
            return false;
        }

        return call.Name switch
        {
            "contains" => text.Contains(part, StringComparison.OrdinalIgnoreCase),
            "startswith" => text.StartsWith(part, StringComparison.OrdinalIgnoreCase),
            "endswith" => text.EndsWith(part, StringComparison.OrdinalIgnoreCase),
            _ => throw new ODataException($"The function '{call.Name}' is not supported by the emulator."),
        };
    }

    private static bool In(InNode node, Func<string, object?> property)
    {
        var value = Evaluate(node.Left, property);
        return node.Right is CollectionConstantNode list && value is not null
            && list.Collection.Any(c => c.Value is not null && Compare(value, c.Value) == 0);
    }

    /// <summary>Orders two non-null values of compatible types (used by $filter and $orderby).</summary>
    public static int Compare(object left, object right)
    {
        var (a, b) = (Normalize(left), Normalize(right));
        return (a, b) switch
        {
            (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
            (decimal x, decimal y) => x.CompareTo(y),
            (double x, double y) => x.CompareTo(y),
            (decimal x, double y) => ((double)x).CompareTo(y),
            (double x, decimal y) => x.CompareTo((double)y),
            (bool x, bool y) => x.CompareTo(y),
            (Guid x, Guid y) => x.CompareTo(y),
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            _ => throw new ODataException($"A binary operator with incompatible types was detected: '{left.GetType().Name}' and '{right.GetType().Name}'."),
        };
    }

    private static object Normalize(object value) => value switch
    {
        int i => (decimal)i,
        long l => (decimal)l,
        short s => (decimal)s,
        float f => (double)f,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        DateOnly d => new DateTimeOffset(d.Year, d.Month, d.Day, 0, 0, 0, TimeSpan.Zero),
        StoredReference r => r.Id,
        _ => value,
    };
}
