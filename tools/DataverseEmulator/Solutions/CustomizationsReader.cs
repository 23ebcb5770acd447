using System.Globalization;
using System.Xml.Linq;
using CrmSync.DataverseEmulator.Metadata;

namespace CrmSync.DataverseEmulator.Solutions;

/// <summary>
/// Reads tables and columns from a packed solution's <c>customizations.xml</c>, in the format of
/// Microsoft's CustomizationsSolution.xsd (<c>Entities/Entity/EntityInfo/entity/attributes/attribute</c>,
/// lookup targets from <c>EntityRelationships</c>).
/// </summary>
internal static class CustomizationsReader
{
    public static IEnumerable<TableDefinition> Tables(XElement root, Schema existing)
    {
        var relationships = root.Element("EntityRelationships")?.Elements("EntityRelationship")
            .Select(r => (Referencing: Lower(r.Element("ReferencingEntityName")), Attribute: Lower(r.Element("ReferencingAttributeName")), Referenced: Lower(r.Element("ReferencedEntityName"))))
            .ToList() ?? [];

        foreach (var entity in root.Element("Entities")?.Elements("Entity").Select(e => e.Element("EntityInfo")?.Element("entity")).OfType<XElement>() ?? [])
        {
            var logicalName = ((string?)entity.Attribute("Name") ?? string.Empty).ToLowerInvariant();
            var attributes = entity.Element("attributes")?.Elements("attribute").ToList() ?? [];
            var primaryKey = attributes.FirstOrDefault(a => Text(a, "Type") == "primarykey");
            var primaryName = attributes.FirstOrDefault(a => (Text(a, "DisplayMask") ?? string.Empty).Contains("PrimaryName", StringComparison.Ordinal));
            var current = existing.FindTable(logicalName);
            var table = new TableDefinition(
                logicalName,
                current?.EntitySetName ?? Text(entity, "EntitySetName") ?? logicalName + "s",
                current?.PrimaryIdAttribute ?? (primaryKey is null ? logicalName + "id" : ColumnName(primaryKey)),
                current?.PrimaryNameAttribute ?? (primaryName is null ? null : ColumnName(primaryName)))
            {
                IsActivity = Text(entity, "IsActivity") == "1",
                IsCustom = current is null,
            };

            foreach (var attribute in attributes)
            {
                if (Column(logicalName, attribute, relationships) is { } column)
                {
                    table.AddOrReplace(column);
                }
            }

            yield return table;
        }
    }

    private static ColumnDefinition? Column(string table, XElement attribute, List<(string Referencing, string Attribute, string Referenced)> relationships)
    {
        var name = ColumnName(attribute);
        AttributeKind? kind = Text(attribute, "Type") switch
        {
            "nvarchar" => AttributeKind.String,
            "ntext" or "memo" => AttributeKind.Memo,
            "int" => AttributeKind.Integer,
            "bigint" or "timestamp" => AttributeKind.BigInt,
            "decimal" => AttributeKind.Decimal,
            "float" => AttributeKind.Double,
            "money" => AttributeKind.Money,
            "bit" => AttributeKind.Boolean,
            "datetime" => AttributeKind.DateTime,
            "picklist" => AttributeKind.Picklist,
            "state" => AttributeKind.State,
            "status" => AttributeKind.Status,
            "lookup" => AttributeKind.Lookup,
            "owner" => AttributeKind.Owner,
            "customer" => AttributeKind.Customer,
            "primarykey" or "uniqueidentifier" => AttributeKind.Uniqueidentifier,
            _ => null,
        };
        if (kind is null)
        {
            return null;
        }

        var targets = relationships.Where(r => r.Referencing == table && r.Attribute == name).Select(r => r.Referenced).Distinct().ToList();
        if (targets.Count == 0)
        {
            targets = (kind, name) switch
            {
                (AttributeKind.Owner, _) or (_, "createdby" or "modifiedby" or "createdonbehalfby" or "modifiedonbehalfby" or "owninguser") => ["systemuser"],
                (AttributeKind.Customer, _) => ["account", "contact"],
                (_, "regardingobjectid") => ["lead", "contact", "account"],
                _ => [],
            };
        }

        return new ColumnDefinition(table, name, kind.Value)
        {
            MaxLength = int.TryParse(Text(attribute, "MaxLength"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) && kind is AttributeKind.String or AttributeKind.Memo ? max : null,
            IsSecured = Text(attribute, "IsSecured") == "1",
            IsValidForCreate = Text(attribute, "ValidForCreateApi") != "0",
            IsValidForUpdate = Text(attribute, "ValidForUpdateApi") != "0" && kind != AttributeKind.Uniqueidentifier,
            IsValidForRead = Text(attribute, "ValidForReadApi") != "0",
            IsPrimaryId = Text(attribute, "Type") == "primarykey",
            IsPrimaryName = (Text(attribute, "DisplayMask") ?? string.Empty).Contains("PrimaryName", StringComparison.Ordinal),
            Targets = targets,
        };
    }

    private static string ColumnName(XElement attribute) =>
        (Text(attribute, "LogicalName") ?? Text(attribute, "Name") ?? (string?)attribute.Attribute("PhysicalName") ?? string.Empty).ToLowerInvariant();

    public static string? Text(XElement element, string child) => element.Element(child)?.Value.Trim();

    private static string Lower(XElement? element) => element?.Value.Trim().ToLowerInvariant() ?? string.Empty;
}
