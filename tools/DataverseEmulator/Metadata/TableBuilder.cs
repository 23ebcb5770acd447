namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>Terse construction of table definitions for the built-in tables.</summary>
internal sealed class TableBuilder
{
    private readonly TableDefinition _table;

    public TableBuilder(string logicalName, string entitySetName, string? primaryName = null, bool isActivity = false)
    {
        var primaryId = isActivity ? "activityid" : logicalName + "id";
        _table = new TableDefinition(logicalName, entitySetName, primaryId, primaryName) { IsActivity = isActivity };
        Add(new ColumnDefinition(logicalName, primaryId, AttributeKind.Uniqueidentifier) { IsPrimaryId = true, IsValidForUpdate = false });
    }

    public TableDefinition Build() => _table;

    public TableBuilder Text(string name, int maxLength, bool readOnly = false) =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.String)
        {
            MaxLength = maxLength,
            IsPrimaryName = name == _table.PrimaryNameAttribute,
            IsValidForCreate = !readOnly,
            IsValidForUpdate = !readOnly,
        });

    public TableBuilder Memo(string name, int maxLength = 2000) =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.Memo) { MaxLength = maxLength });

    public TableBuilder Of(string name, AttributeKind kind) => Add(new ColumnDefinition(_table.LogicalName, name, kind));

    /// <summary>A choice column with English labels; <paramref name="global"/> names the global choice it uses.</summary>
    public TableBuilder Choice(string name, AttributeKind kind, string? global, params (int Value, string Label)[] options) =>
        Add(new ColumnDefinition(_table.LogicalName, name, kind)
        {
            Options = [.. options.Select(o => OptionDefinition.English(o.Value, o.Label))],
            GlobalOptionSetName = global,
        });

    /// <summary>A multi-select choice column with English labels.</summary>
    public TableBuilder MultiChoice(string name, params (int Value, string Label)[] options) =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.MultiSelectPicklist)
        {
            Options = [.. options.Select(o => OptionDefinition.English(o.Value, o.Label))],
        });

    /// <summary>A Yes/No column with its two English labels.</summary>
    public TableBuilder YesNo(string name, string no = "No", string yes = "Yes") =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.Boolean) { Options = [OptionDefinition.English(0, no), OptionDefinition.English(1, yes)] });

    /// <summary>A date-only column (behaviour DateOnly).</summary>
    public TableBuilder DateOnlyColumn(string name) =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.DateTime) { DateOnly = true });

    public TableBuilder Lookup(string name, params string[] targets) =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.Lookup) { Targets = targets });

    public TableBuilder Customer(string name) =>
        Add(new ColumnDefinition(_table.LogicalName, name, AttributeKind.Customer) { Targets = ["account", "contact"] });

    /// <summary>createdon/modifiedon/createdby/modifiedby, ownerid when user-owned, statecode/statuscode (with
    /// <paramref name="states"/> and <paramref name="reasons"/> as their options when given).</summary>
    public TableBuilder System(bool userOwned = true, bool state = true, (int, string)[]? states = null, (int, string)[]? reasons = null)
    {
        var t = _table.LogicalName;
        Add(new ColumnDefinition(t, "createdon", AttributeKind.DateTime) { IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnDefinition(t, "modifiedon", AttributeKind.DateTime) { IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnDefinition(t, "createdby", AttributeKind.Lookup) { Targets = ["systemuser"], IsValidForCreate = false, IsValidForUpdate = false });
        Add(new ColumnDefinition(t, "modifiedby", AttributeKind.Lookup) { Targets = ["systemuser"], IsValidForCreate = false, IsValidForUpdate = false });
        if (userOwned)
        {
            Add(new ColumnDefinition(t, "ownerid", AttributeKind.Owner) { Targets = ["systemuser"] });
        }

        if (state)
        {
            Choice("statecode", AttributeKind.State, null, states ?? []);
            Choice("statuscode", AttributeKind.Status, null, reasons ?? []);
        }

        return this;
    }

    /// <summary>The person columns lead and contact share.</summary>
    public TableBuilder Person(int mobileLength)
    {
        Text("firstname", 50).Text("lastname", 50).Text("fullname", 160, readOnly: true)
            .Text("emailaddress1", 100).Text("emailaddress2", 100).Text("telephone1", 50).Text("mobilephone", mobileLength)
            .Text("jobtitle", 100).Text("address1_line1", 250).Text("address1_city", 80)
            .Text("address1_stateorprovince", 50).Text("address1_postalcode", 20).Text("address1_country", 80)
            .Text("websiteurl", 200).Memo("description").YesNo("donotemail", "Allow", "Do Not Allow")
            .Text("salutation", 100).Text("middlename", 50).Text("fax", 50)
            .YesNo("donotbulkemail", "Allow", "Do Not Allow").YesNo("donotphone", "Allow", "Do Not Allow");
        return this;
    }

    private TableBuilder Add(ColumnDefinition column)
    {
        _table.AddOrReplace(column);
        return this;
    }
}
