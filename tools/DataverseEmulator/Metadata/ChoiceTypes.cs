using Microsoft.OData.Edm;

namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>
/// The attribute metadata types of choices, Yes/No and dates, as Dataverse's CSDL declares them: <c>EnumAttributeMetadata</c>
/// (with the <c>OptionSet</c> and <c>GlobalOptionSet</c> navigation properties) and its <c>PicklistAttributeMetadata</c>,
/// <c>MultiSelectPicklistAttributeMetadata</c>, <c>StatusAttributeMetadata</c>, <c>StateAttributeMetadata</c>;
/// <c>BooleanAttributeMetadata</c>; <c>DateTimeAttributeMetadata</c> with <c>DateTimeBehavior</c>; the
/// <c>OptionSetMetadata</c> entity and the <c>OptionMetadata</c>, <c>Label</c> and <c>LocalizedLabel</c> complex types
/// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/query-metadata-web-api).
/// </summary>
internal static class ChoiceTypes
{
    private const string Namespace = EdmModelFactory.Namespace;

    /// <summary>Builds the types deriving from <paramref name="attribute"/>; returns every element to add to the model.</summary>
    public static IEdmSchemaElement[] Add(EdmEntityType attribute)
    {
        var localized = new EdmComplexType(Namespace, "LocalizedLabel");
        localized.AddStructuralProperty("Label", EdmPrimitiveTypeKind.String);
        localized.AddStructuralProperty("LanguageCode", EdmPrimitiveTypeKind.Int32, false);
        var label = new EdmComplexType(Namespace, "Label");
        label.AddStructuralProperty("LocalizedLabels", new EdmCollectionTypeReference(new EdmCollectionType(new EdmComplexTypeReference(localized, false))));
        label.AddStructuralProperty("UserLocalizedLabel", new EdmComplexTypeReference(localized, true));
        var option = new EdmComplexType(Namespace, "OptionMetadata");
        option.AddStructuralProperty("Value", EdmPrimitiveTypeKind.Int32);
        option.AddStructuralProperty("Label", new EdmComplexTypeReference(label, true));

        var optionSetBase = new EdmEntityType(Namespace, "OptionSetMetadataBase", null, true, false);
        optionSetBase.AddKeys(optionSetBase.AddStructuralProperty("MetadataId", EdmPrimitiveTypeKind.Guid, false));
        optionSetBase.AddStructuralProperty("Name", EdmPrimitiveTypeKind.String);
        optionSetBase.AddStructuralProperty("IsGlobal", EdmPrimitiveTypeKind.Boolean);
        optionSetBase.AddStructuralProperty("OptionSetType", EdmPrimitiveTypeKind.String);
        var optionSet = new EdmEntityType(Namespace, "OptionSetMetadata", optionSetBase);
        optionSet.AddStructuralProperty("Options", new EdmCollectionTypeReference(new EdmCollectionType(new EdmComplexTypeReference(option, false))));
        var booleanOptionSet = new EdmEntityType(Namespace, "BooleanOptionSetMetadata", optionSetBase);
        booleanOptionSet.AddStructuralProperty("TrueOption", new EdmComplexTypeReference(option, true));
        booleanOptionSet.AddStructuralProperty("FalseOption", new EdmComplexTypeReference(option, true));

        var enumAttribute = new EdmEntityType(Namespace, "EnumAttributeMetadata", attribute, true, false);
        enumAttribute.AddStructuralProperty("DefaultFormValue", EdmPrimitiveTypeKind.Int32);
        Navigation(enumAttribute, "OptionSet", optionSet);
        Navigation(enumAttribute, "GlobalOptionSet", optionSet);
        var booleanAttribute = new EdmEntityType(Namespace, "BooleanAttributeMetadata", attribute);
        Navigation(booleanAttribute, "OptionSet", booleanOptionSet);
        Navigation(booleanAttribute, "GlobalOptionSet", booleanOptionSet);
        var behavior = new EdmComplexType(Namespace, "DateTimeBehavior");
        behavior.AddStructuralProperty("Value", EdmPrimitiveTypeKind.String);
        var dateTimeAttribute = new EdmEntityType(Namespace, "DateTimeAttributeMetadata", attribute);
        dateTimeAttribute.AddStructuralProperty("DateTimeBehavior", new EdmComplexTypeReference(behavior, true));
        dateTimeAttribute.AddStructuralProperty("Format", EdmPrimitiveTypeKind.String);

        return
        [
            localized, label, option, optionSetBase, optionSet, booleanOptionSet, enumAttribute,
            new EdmEntityType(Namespace, "PicklistAttributeMetadata", enumAttribute),
            new EdmEntityType(Namespace, "MultiSelectPicklistAttributeMetadata", enumAttribute),
            new EdmEntityType(Namespace, "StatusAttributeMetadata", enumAttribute),
            new EdmEntityType(Namespace, "StateAttributeMetadata", enumAttribute),
            booleanAttribute, behavior, dateTimeAttribute,
        ];
    }

    private static void Navigation(EdmEntityType from, string name, EdmEntityType to) =>
        from.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
        {
            Name = name,
            Target = to,
            TargetMultiplicity = EdmMultiplicity.ZeroOrOne,
            ContainsTarget = true,
        });
}
