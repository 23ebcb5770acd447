using CrmSync.SyncAgent.Engine;

namespace CrmSync.SyncAgent.Tests.Engine;

public sealed class PlannedFieldTests
{
    private static readonly FieldMap Title = new(SyncEntity.Contact, "title", "jobtitle", FieldKind.Text, CollisionWinner.Default);
    private static readonly FieldMap Email = new(SyncEntity.Contact, "email", "emailaddress1", FieldKind.Email, CollisionWinner.Default);
    private static readonly FieldMap Source = new(SyncEntity.Lead, "leadSource", "leadsourcecode", FieldKind.OptionSet, CollisionWinner.Default);

    [Fact]
    public void MarketoValue_NotPlannedForMarketo_Null()
    {
        Assert.Null(new PlannedField(Title, FieldValue.FromString("CEO")).MarketoValue);
    }

    [Fact]
    public void MarketoValue_SentAsIs_TheValueItself()
    {
        var sut = PlannedField.ForMarketo(Title, FieldValue.FromString("CEO"), Translation.Of(FieldValue.FromString("CEO")));

        Assert.Equal("CEO", sut.MarketoValue?.Text);
        Assert.Equal(FieldKind.Text, sut.MarketoValue?.Kind);
    }

    [Fact]
    public void MarketoValue_TranslatedLabel_TheLabelWhileValueStaysTheOption()
    {
        var sut = PlannedField.ForMarketo(Source, FieldValue.FromOptionSet(8), Translation.Of(FieldValue.FromString("Web")));

        Assert.Equal("Web", sut.MarketoValue?.Text);
        Assert.Equal("8", sut.Value.Text);
    }

    [Fact]
    public void MarketoValue_EqualButNotIdenticalEmail_TheTranslatedTextIsSent()
    {
        // E-mails compare case-insensitively: an equal value with other text is still what is sent.
        var sut = PlannedField.ForMarketo(Email, FieldValue.FromString("Ann@Example.com", FieldKind.Email), Translation.Of(FieldValue.FromString("ann@example.com", FieldKind.Email)));

        Assert.Equal("ann@example.com", sut.MarketoValue?.Text);
        Assert.Equal("Ann@Example.com", sut.Value.Text);
    }

    [Fact]
    public void Equals_SameMapValueAndSentValue_EqualWithEqualHashes()
    {
        var left = PlannedField.ForMarketo(Source, FieldValue.FromOptionSet(8), Translation.Of(FieldValue.FromString("Web")));
        var right = PlannedField.ForMarketo(Source, FieldValue.FromOptionSet(8), Translation.Of(FieldValue.FromString("Web")));

        Assert.Equal(left, right);
        Assert.Equal(left.GetHashCode(), right.GetHashCode());
        Assert.NotEqual(left, new PlannedField(Source, FieldValue.FromOptionSet(8)));
        Assert.NotEqual(left, PlannedField.ForMarketo(Source, FieldValue.FromOptionSet(8), Translation.Of(FieldValue.FromString("Advertisement"))));
    }
}
