using System.Text.Json;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Reads a create/update body: columns by logical name, lookups through
/// <c>navigation@odata.bind: "/set(id)"</c> (null disassociates); other annotations are ignored.
/// </summary>
internal static class PayloadReader
{
    private const string Bind = "@odata.bind";

    // resolveReference turns a bind URL (relative, absolute or a batch $n reference) into an absolute URI.
    public static Dictionary<ColumnDefinition, object?> Read(TableDefinition table, byte[] body, Schema schema, Uri serviceRoot, Func<string, Uri> resolveReference)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw Invalid(table, "The request body is not valid JSON: " + ex.Message);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(table, "The request body must be a JSON object.");
            }

            var values = new Dictionary<ColumnDefinition, object?>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.EndsWith(Bind, StringComparison.Ordinal))
                {
                    var (column, value) = ReadBind(table, property.Name[..^Bind.Length], property.Value, schema, serviceRoot, resolveReference);
                    values[column] = value;
                }
                else if (!property.Name.Contains('@', StringComparison.Ordinal))
                {
                    var column = table.Find(property.Name)
                        ?? throw Invalid(table, $"Invalid property '{property.Name}' was found in entity 'Microsoft.Dynamics.CRM.{table.LogicalName}'.");
                    try
                    {
                        values[column] = ValueConverter.FromJson(column, property.Value);
                    }
                    catch (FormatException ex)
                    {
                        throw Invalid(table, ex.Message);
                    }
                }
            }

            return values;
        }
    }

    private static (ColumnDefinition Column, object? Value) ReadBind(TableDefinition table, string navigation, JsonElement value, Schema schema, Uri serviceRoot, Func<string, Uri> resolveReference)
    {
        foreach (var column in table.Columns.Where(c => c.IsReference))
        {
            foreach (var target in column.Targets.Where(t => EdmModelFactory.NavigationName(table, column, t) == navigation))
            {
                if (value.ValueKind == JsonValueKind.Null)
                {
                    return (column, null);
                }

                var (boundTable, id) = ParseReference(schema, serviceRoot, resolveReference(value.GetString() ?? string.Empty), table);
                if (boundTable.LogicalName != target)
                {
                    throw Invalid(table, $"The navigation property '{navigation}' expects a '{target}' reference, not '{boundTable.LogicalName}'.");
                }

                return (column, new StoredReference(target, id));
            }
        }

        throw Invalid(table, $"An undeclared property '{navigation}' which only has property annotations in the payload but no property value was found in the payload.");
    }

    /// <summary>Parses <c>/set(id)</c> with the OData URI parser.</summary>
    private static (TableDefinition Table, Guid Id) ParseReference(Schema schema, Uri serviceRoot, Uri reference, TableDefinition owner)
    {
        try
        {
            var path = new ODataUriParser(schema.Model, serviceRoot, reference).ParsePath().ToList();
            if (path is [EntitySetSegment set, KeySegment key] && schema.FindBySet(set.EntitySet.Name) is { } table
                && key.Keys.Single().Value is Guid id)
            {
                return (table, id);
            }
        }
        catch (ODataException)
        {
        }

        throw Invalid(owner, $"The @odata.bind value '{reference}' is not a reference to a record.");
    }

    private static WebApiException Invalid(TableDefinition table, string detail) =>
        new(400, ErrorCodes.PayloadError, $"Error identified in Payload provided by the user for Entity :'{table.EntitySetName}'. {detail}");
}
