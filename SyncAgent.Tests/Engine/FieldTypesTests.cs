using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

/// <summary>DESIGN B14 as tables: choices by label, multi-select, numbers, dates and lengths.</summary>
public class FieldTypesTests
{
    private static readonly ColumnType LeadSource = new(
        "Picklist", Options: [new OptionLabel(1, "Advertisement"), new OptionLabel(7, "Trade Show"), new OptionLabel(8, "Web"), new OptionLabel(11, null)]);

    private static readonly ColumnType Hobbies = new(
        "MultiSelectPicklist", Options: [new OptionLabel(1, "Golf"), new OptionLabel(2, "Sailing"), new OptionLabel(3, "Chess")]);

    private static FieldMap Map(FieldKind kind, ColumnType? column, bool truncate = false) =>
        new(SyncEntity.Lead, "field", "column", kind, CollisionWinner.Default) { Column = column, Truncate = truncate };

    [Theory]
    [InlineData("Web", "8")]
    [InlineData("  trade SHOW ", "7")]
    [InlineData("advertisement", "1")]
    public void FromMarketo_KnownLabel_GivesOptionValue(string label, string expected)
    {
        var translated = FieldTypes.FromMarketo(Map(FieldKind.OptionSet, LeadSource), FieldValue.FromString(label));

        Assert.True(translated.Succeeded, translated.Problem);
        Assert.Equal(FieldValue.FromString(expected, FieldKind.OptionSet), translated.Value);
    }

    [Fact]
    public void FromMarketo_UnknownLabel_RefusedListingAllowedLabels()
    {
        var translated = FieldTypes.FromMarketo(Map(FieldKind.OptionSet, LeadSource), FieldValue.FromString("Fax campaign"));

        Assert.False(translated.Succeeded);
        Assert.Equal("'Fax campaign' is not a label of lead.column (a choice); allowed labels: Advertisement, Trade Show, Web.", translated.Problem);
    }

    [Theory]
    [InlineData("8", "Web")]
    [InlineData("7", "Trade Show")]
    public void ToMarketo_OptionValue_GivesLabel(string value, string expected)
    {
        var translated = FieldTypes.ToMarketo(Map(FieldKind.OptionSet, LeadSource), FieldValue.FromString(value, FieldKind.OptionSet));

        Assert.Equal(expected, translated.Value.Text);
    }

    [Theory]
    [InlineData("11")]
    [InlineData("99")]
    public void ToMarketo_ValueWithoutLabel_Refused(string value)
    {
        var translated = FieldTypes.ToMarketo(Map(FieldKind.OptionSet, LeadSource), FieldValue.FromString(value, FieldKind.OptionSet));

        Assert.False(translated.Succeeded);
        Assert.Contains($"Value '{value}' of lead.column has no label", translated.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Chess;Golf", "1,3")]
    [InlineData("golf; chess ;Golf", "1,3")]
    [InlineData("Sailing", "2")]
    public void FromMarketo_MultiSelectLabels_GivesSortedValues(string labels, string expected)
    {
        var translated = FieldTypes.FromMarketo(Map(FieldKind.MultiOptionSet, Hobbies), FieldValue.FromString(labels));

        Assert.Equal(expected, translated.Value.Text);
        Assert.Equal(FieldValue.FromString(expected, FieldKind.MultiOptionSet), translated.Value);
    }

    [Fact]
    public void ToMarketo_MultiSelectValues_GivesSemicolonJoinedLabels()
    {
        var translated = FieldTypes.ToMarketo(Map(FieldKind.MultiOptionSet, Hobbies), FieldValue.FromString("3,1", FieldKind.MultiOptionSet));

        Assert.Equal("Golf;Chess", translated.Value.Text);
    }

    [Fact]
    public void FromMarketo_MultiSelectUnknownLabel_Refused()
    {
        var translated = FieldTypes.FromMarketo(Map(FieldKind.MultiOptionSet, Hobbies), FieldValue.FromString("Golf;Polo"));

        Assert.Equal("'Polo' is not a label of lead.column (a choice); allowed labels: Golf, Sailing, Chess.", translated.Problem);
    }

    [Theory]
    [InlineData("Number", "Integer", "abc", "Value 'abc' is not a number, which lead.column expects.")]
    [InlineData("Number", "Integer", "12.5", "Value '12.5' is not a whole number, which lead.column expects.")]
    [InlineData("Money", "Money", "lots", "Value 'lots' is not an amount (a number), which lead.column expects.")]
    [InlineData("Boolean", "Boolean", "maybe", "Value 'maybe' is not a yes/no value (true or false), which lead.column expects.")]
    [InlineData("Date", "DateTime", "soon", "Value 'soon' is not a date (yyyy-MM-dd), which lead.column expects.")]
    public void FromMarketo_UnparsableValue_RefusedNamingValueAndType(string kindName, string attributeType, string raw, string expected)
    {
        var kind = Enum.Parse<FieldKind>(kindName);

        var translated = FieldTypes.FromMarketo(Map(kind, new ColumnType(attributeType)), FieldValue.FromString(raw, kind));

        Assert.Equal(expected, translated.Problem);
    }

    [Theory]
    [InlineData("Number", "Integer", "250", "250")]
    [InlineData("Number", "Decimal", "12.50", "12.5")]
    [InlineData("Money", "Money", "1999.90", "1999.9")]
    [InlineData("Boolean", "Boolean", "true", "true")]
    [InlineData("Date", "DateTime", "2026-02-03", "2026-02-03")]
    [InlineData("DateTime", "DateTime", "2026-02-03T10:11:12Z", "2026-02-03T10:11:12Z")]
    public void FromMarketo_ValidValue_KeptCanonical(string kindName, string attributeType, string raw, string expected)
    {
        var kind = Enum.Parse<FieldKind>(kindName);

        var translated = FieldTypes.FromMarketo(Map(kind, new ColumnType(attributeType)), FieldValue.FromString(raw, kind));

        Assert.True(translated.Succeeded, translated.Problem);
        Assert.Equal(expected, translated.Value.Text);
    }

    [Fact]
    public void ToDynamics_TooLong_RefusedNamingValueAndLength()
    {
        var translated = FieldTypes.ToDynamics(Map(FieldKind.Text, new ColumnType("String", MaxLength: 5)), FieldValue.FromString("abcdefg"));

        Assert.Equal(
            "Value 'abcdefg' is 7 characters, longer than the 5 characters lead.column holds (text); shorten it in Marketo, or set Truncate: true on the field to cut it.",
            translated.Problem);
    }

    [Fact]
    public void ToDynamics_TooLongWithTruncate_Cut()
    {
        var translated = FieldTypes.ToDynamics(Map(FieldKind.Text, new ColumnType("String", MaxLength: 5), truncate: true), FieldValue.FromString("abcdefg"));

        Assert.Equal("abcde", translated.Value.Text);
    }

    [Fact]
    public void FromMarketo_NoMetadata_KeepsValueAsReported()
    {
        var translated = FieldTypes.FromMarketo(Map(FieldKind.OptionSet, null), FieldValue.FromString("3", FieldKind.OptionSet));

        Assert.Equal(FieldValue.FromOptionSet(3), translated.Value);
    }

    [Theory]
    [InlineData("Picklist", false, "OptionSet")]
    [InlineData("Status", false, "OptionSet")]
    [InlineData("MultiSelectPicklist", false, "MultiOptionSet")]
    [InlineData("Boolean", false, "Boolean")]
    [InlineData("Integer", false, "Number")]
    [InlineData("Money", false, "Money")]
    [InlineData("DateTime", true, "Date")]
    [InlineData("DateTime", false, "DateTime")]
    [InlineData("Owner", false, "Lookup")]
    [InlineData("String", false, "Text")]
    public void KindOf_AttributeType_GivesKind(string attributeType, bool dateOnly, string expected)
    {
        Assert.Equal(Enum.Parse<FieldKind>(expected), new ColumnType(attributeType, DateOnly: dateOnly).KindOf(FieldKind.Text));
    }
}
