using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

public class FieldValueTests
{
    [Theory]
    [InlineData("Text", "Alice", "Alice", true)]
    [InlineData("Text", "Alice", "alice", false)]
    [InlineData("Text", "", null, true)]
    [InlineData("Text", "00123", "123", false)]
    [InlineData("Email", "Ann@Example.COM", "ann@example.com", true)]
    [InlineData("Email", " ann@example.com ", "ann@example.com", true)]
    [InlineData("Number", "5", "5.00", true)]
    [InlineData("Number", "1e3", "1000", true)]
    [InlineData("Number", "5", "6", false)]
    [InlineData("Money", "10.50", "10.5", true)]
    [InlineData("Boolean", "true", "1", true)]
    [InlineData("Boolean", "Yes", "TRUE", true)]
    [InlineData("Boolean", "false", "0", true)]
    [InlineData("Boolean", "true", "false", false)]
    [InlineData("Date", "2024-01-31", "2024-01-31T00:00:00.000Z", true)]
    [InlineData("DateTime", "2024-01-31T08:00:00Z", "2024-01-31T09:00:00.400+01:00", true)]
    [InlineData("DateTime", "2024-01-31T08:00:00Z", "2024-01-31T08:00:01Z", false)]
    [InlineData("OptionSet", "3", "3", true)]
    [InlineData("Number", "n/a", "n/a", true)]
    public void FromString_TwoRawValues_CompareByCanonicalForm(string kindName, string? left, string? right, bool equal)
    {
        var kind = Enum.Parse<FieldKind>(kindName);
        var a = FieldValue.FromString(left, kind);
        var b = FieldValue.FromString(right, kind);

        Assert.Equal(equal, a == b);
        if (equal)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }

    [Fact]
    public void FromString_NullAndEmpty_AreBothNull()
    {
        Assert.True(FieldValue.FromString(null).IsNull);
        Assert.True(FieldValue.FromString(string.Empty, FieldKind.Email).IsNull);
        Assert.Equal(FieldValue.Null, FieldValue.FromString(string.Empty));
    }

    [Fact]
    public void FromString_Email_KeepsCaseForWriting()
    {
        var value = FieldValue.FromString("Ann@Example.com", FieldKind.Email);

        Assert.Equal("Ann@Example.com", value.Text);
    }

    [Fact]
    public void FromNumber_DynamicsNumberAndMarketoString_AreEqual()
    {
        Assert.Equal(FieldValue.FromString("42.50", FieldKind.Number), FieldValue.FromNumber(42.5m));
        Assert.Equal("42.5", FieldValue.FromNumber(42.50m).Text);
    }

    [Fact]
    public void FromNumber_ForBooleanAndOptionSetFields_UsesThoseKinds()
    {
        Assert.Equal(FieldValue.FromBoolean(true), FieldValue.FromNumber(1m, FieldKind.Boolean));
        Assert.Equal(FieldKind.OptionSet, FieldValue.FromNumber(7m, FieldKind.OptionSet).Kind);
    }

    [Fact]
    public void FromDateTime_DateField_KeepsUtcDate()
    {
        var value = FieldValue.FromDateTime(new DateTimeOffset(2024, 2, 1, 0, 30, 0, TimeSpan.FromHours(2)), FieldKind.Date);

        Assert.Equal("2024-01-31", value.Text);
    }

    [Fact]
    public void FromReference_ComparesTableCaseInsensitivelyAndId()
    {
        var id = Guid.NewGuid();

        Assert.Equal(FieldValue.FromReference("Account", id), FieldValue.FromReference("account", id));
        Assert.NotEqual(FieldValue.FromReference("account", id), FieldValue.FromReference("account", Guid.NewGuid()));
    }

    [Theory]
    [InlineData("Email", "Ann@Example.com")]
    [InlineData("Number", "5.5")]
    [InlineData("Text", "x")]
    [InlineData("Text", null)]
    public void FromStored_RoundTripsKindAndText(string kindName, string? text)
    {
        var kind = Enum.Parse<FieldKind>(kindName);
        var original = FieldValue.FromString(text, kind);

        var stored = FieldValue.FromStored(original.Kind, original.Text);

        Assert.Equal(original, stored);
        Assert.Equal(original.Text, stored.Text);
        Assert.Equal(original.Kind, stored.Kind);
    }
}
