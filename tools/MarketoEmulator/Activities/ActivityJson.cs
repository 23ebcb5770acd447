using System.Text.Json.Nodes;
using CrmSync.MarketoEmulator.Leads;
using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Activities;

/// <summary>
/// Activity shapes from the Activities page: Get Lead Changes items carry <c>fields</c> and
/// <c>attributes</c>; Get Lead Activities items carry primary attribute values and <c>attributes</c>.
/// </summary>
internal static class ActivityJson
{
    public static JsonObject LeadChange(MarketoActivity a)
    {
        var json = Common(a);
        var fields = new JsonArray();
        if (a.Change is { } c)
        {
            fields.Add(new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["newValue"] = c.NewValue, ["oldValue"] = c.OldValue });
        }
        else
        {
            AddPrimary(json, a);
        }

        json["fields"] = fields;
        var attributes = new JsonArray();
        AddAttributes(attributes, a.Attributes);
        if (a.ActivityTypeId == MarketoActivity.ChangeDataValue)
        {
            attributes.Add(Attribute("Lead ID", a.LeadId));
        }

        json["attributes"] = attributes;
        return json;
    }

    public static JsonObject Activity(MarketoActivity a)
    {
        var json = Common(a);
        AddPrimary(json, a);
        var attributes = new JsonArray();
        if (a.Change is { } c)
        {
            // An empty attribute is omitted from an activity record (Activities page, "Describe").
            if (c.NewValue is not null)
            {
                attributes.Add(Attribute("New Value", c.NewValue));
            }

            if (c.OldValue is not null)
            {
                attributes.Add(Attribute("Old Value", c.OldValue));
            }
        }

        AddAttributes(attributes, a.Attributes);

        json["attributes"] = attributes;
        return json;
    }

    private static JsonObject Common(MarketoActivity a) => new()
    {
        ["id"] = a.Id,
        ["marketoGUID"] = a.MarketoGuid,
        ["leadId"] = a.LeadId,
        ["activityDate"] = FieldValues.FormatDate(a.ActivityDate),
        ["activityTypeId"] = a.ActivityTypeId,
    };

    private static void AddPrimary(JsonObject json, MarketoActivity a)
    {
        if (a.PrimaryAttributeValueId is { } id)
        {
            json["primaryAttributeValueId"] = id;
        }

        if (a.PrimaryAttributeValue is { } value)
        {
            json["primaryAttributeValue"] = value;
        }
    }

    private static void AddAttributes(JsonArray array, IEnumerable<MarketoActivityAttribute> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Value is not null)
            {
                array.Add(Attribute(attribute.Name, attribute.Value));
            }
        }
    }

    private static JsonObject Attribute(string name, object? value) => new() { ["name"] = name, ["value"] = Json.ToNode(value) };
}
