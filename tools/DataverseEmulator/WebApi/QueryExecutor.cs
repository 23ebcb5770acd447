using System.Globalization;
using System.Xml.Linq;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Retrieve-multiple: $filter, $orderby, $top, $count and server-driven paging with
/// <c>Prefer: odata.maxpagesize</c> and an absolute <c>@odata.nextLink</c> carrying a <c>$skiptoken</c> cookie.
/// Without $orderby rows come in id order and the next page resumes after the last id.
/// </summary>
internal static class QueryExecutor
{
    private const int CountLimit = 5000;

    public sealed record Page(IReadOnlyList<Row> Rows, int? Count, string? SkipToken);

    public static Page Run(TableDefinition table, TableData data, ODataUriParser parser, int pageSize)
    {
        var filter = parser.ParseFilter()?.Expression;
        var orderBy = parser.ParseOrderBy();
        var top = (int?)parser.ParseTop();
        var count = parser.ParseCount() == true;
        var cookie = Cookie.Parse(parser.ParseSkipToken());
        var served = cookie?.Served ?? 0;
        var limit = top is { } t ? Math.Max(0, Math.Min(pageSize, t - served)) : pageSize;
        Func<Row, bool> matches = filter is null ? _ => true : row => FilterEvaluator.Matches(filter, Property(table, row));
        // Storage keeps rows in primary-key order, so "$orderby=<primary key> asc" (how a client streams a whole table)
        // pages like the unordered query: from the cookie's last id, without sorting the table for every page.
        var inIdOrder = orderBy is null || IsPrimaryKeyAscending(table, orderBy);
        var matching = Candidates(table, data, filter, inIdOrder ? cookie?.Last : null).Where(matches);
        var source = inIdOrder ? matching : Sort(table, matching, orderBy!).Skip(served);
        var rows = source.Take(limit + 1).ToList();
        var more = rows.Count > limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        int? total = count ? Math.Min(CountLimit, Candidates(table, data, filter, null).Count(matches)) : null;
        var next = more && rows.Count > 0 && (top is null || served + rows.Count < top)
            ? new Cookie((cookie?.PageNumber ?? 1) + 1, rows[^1].Id, served + rows.Count).ToString()
            : null;
        return new Page(rows, total, next);
    }

    /// <summary>The request URL with its $skiptoken replaced: the absolute next link.</summary>
    public static string NextLink(Uri request, string skipToken)
    {
        var query = QueryHelpers.ParseQuery(request.Query);
        query.Remove("$skiptoken");
        var builder = new QueryBuilder(query.SelectMany(kv => kv.Value.Select(v => KeyValuePair.Create(kv.Key, v ?? string.Empty))))
        {
            { "$skiptoken", skipToken },
        };
        return request.GetLeftPart(UriPartial.Path) + builder.ToQueryString();
    }

    public static Func<string, object?> Property(TableDefinition table, Row row) =>
        wireName => row.Read(Selection.ByWireName(table, wireName));

    /// <summary>Uses the emailaddress1 index for an equality anywhere in a top-level <c>and</c> chain.</summary>
    private static IEnumerable<Row> Candidates(TableDefinition table, TableData data, SingleValueNode? filter, Guid? after)
    {
        if (data.IndexedOrdinal is { } ordinal && IndexedEquality(filter, table.Columns[ordinal].WireName) is { } key
            && data.Lookup(ordinal, key) is { } ids)
        {
            return ids.Order().Where(id => after is null || id.CompareTo(after.Value) > 0).Select(id => data.Find(id)!).ToList();
        }

        return data.Scan(after);
    }

    private static string? IndexedEquality(SingleValueNode? node, string property) => node switch
    {
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and => IndexedEquality(and.Left, property) ?? IndexedEquality(and.Right, property),
        BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } eq when Unwrap(eq.Left) is SingleValuePropertyAccessNode p
            && p.Property.Name == property && Unwrap(eq.Right) is ConstantNode { Value: string value } => value,
        _ => null,
    };

    private static bool IsPrimaryKeyAscending(TableDefinition table, OrderByClause clause) =>
        clause.ThenBy is null && clause.Direction == OrderByDirection.Ascending
        && Unwrap(clause.Expression) is SingleValuePropertyAccessNode property
        && string.Equals(property.Property.Name, table.PrimaryId.WireName, StringComparison.Ordinal);

    private static SingleValueNode Unwrap(SingleValueNode node) => node is ConvertNode c ? Unwrap(c.Source) : node;

    private static IEnumerable<Row> Sort(TableDefinition table, IEnumerable<Row> rows, OrderByClause clause)
    {
        var keys = new List<(SingleValueNode Expression, bool Descending)>();
        for (var c = clause; c is not null; c = c.ThenBy)
        {
            keys.Add((c.Expression, c.Direction == OrderByDirection.Descending));
        }

        var list = rows.ToList();
        list.Sort((x, y) =>
        {
            foreach (var (expression, descending) in keys)
            {
                var a = FilterEvaluator.Evaluate(expression, Property(table, x));
                var b = FilterEvaluator.Evaluate(expression, Property(table, y));
                var order = a is null ? (b is null ? 0 : -1) : b is null ? 1 : FilterEvaluator.Compare(a, b);
                if (order != 0)
                {
                    return descending ? -order : order;
                }
            }

            return x.Id.CompareTo(y.Id);
        });
        return list;
    }

    /// <summary>The paging cookie inside <c>$skiptoken</c>, XML like the platform's.</summary>
    private sealed record Cookie(int PageNumber, Guid Last, int Served)
    {
        public static Cookie? Parse(string? token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            try
            {
                var element = XElement.Parse(token);
                return new Cookie(
                    int.Parse((string)element.Attribute("pagenumber")!, CultureInfo.InvariantCulture),
                    Guid.Parse((string)element.Attribute("last")!),
                    int.Parse((string)element.Attribute("served")!, CultureInfo.InvariantCulture));
            }
            catch (Exception ex) when (ex is System.Xml.XmlException or FormatException or ArgumentNullException)
            {
                throw new ODataException("The $skiptoken is not a paging cookie issued by this service.");
            }
        }

        public override string ToString() =>
            new XElement("cookie", new XAttribute("pagenumber", PageNumber), new XAttribute("last", Last), new XAttribute("served", Served))
                .ToString(SaveOptions.DisableFormatting);
    }
}
