using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Vocabularies;

namespace CrmSync.DataverseEmulator.Metadata;

/// <summary>
/// Builds the EDM model (namespace <c>Microsoft.Dynamics.CRM</c>) from the table metadata, so that
/// URLs and query options are parsed by Microsoft.OData.Core against the organization's real shape.
/// </summary>
internal static class EdmModelFactory
{
    public const string Namespace = "Microsoft.Dynamics.CRM";

    /// <summary>The collection-valued navigation property of the systemuser–role N:N relationship.</summary>
    public const string UserRolesNavigation = "systemuserroles_association";

    public static IEdmModel Build(Schema schema)
    {
        var model = new EdmModel();
        var container = new EdmEntityContainer(Namespace, "System");
        model.AddElement(container);
        var types = new Dictionary<string, EdmEntityType>(StringComparer.Ordinal);
        foreach (var table in schema.Tables)
        {
            var type = new EdmEntityType(Namespace, table.LogicalName);
            foreach (var column in table.Columns)
            {
                var property = type.AddStructuralProperty(column.WireName, PrimitiveKind(column.Kind), isNullable: !column.IsPrimaryId);
                if (column.IsPrimaryId)
                {
                    type.AddKeys(property);
                }
            }

            model.AddElement(type);
            types[table.LogicalName] = type;
            container.AddEntitySet(table.EntitySetName, type);
        }

        foreach (var table in schema.Tables)
        {
            foreach (var column in table.Columns.Where(c => c.IsReference))
            {
                foreach (var target in column.Targets.Where(types.ContainsKey))
                {
                    types[table.LogicalName].AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
                    {
                        Name = NavigationName(table, column, target),
                        Target = types[target],
                        TargetMultiplicity = EdmMultiplicity.ZeroOrOne,
                    });
                }
            }
        }

        // The N:N relationship between users and their security roles; both sides expose it under one name
        // (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/associate-disassociate-entities-using-web-api).
        if (types.TryGetValue("systemuser", out var user) && types.TryGetValue("role", out var role))
        {
            user.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo { Name = UserRolesNavigation, Target = role, TargetMultiplicity = EdmMultiplicity.Many });
            role.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo { Name = UserRolesNavigation, Target = user, TargetMultiplicity = EdmMultiplicity.Many });
        }

        MetadataTypes.Add(model, container);
        Operations.Add(model, container, types["systemuser"]);
        return model;
    }

    /// <summary>
    /// The single-valued navigation property used with <c>@odata.bind</c>: the column name for a
    /// one-target lookup, <c>column_target</c> for customer/polymorphic lookups.
    /// </summary>
    public static string NavigationName(TableDefinition table, ColumnDefinition column, string target) =>
        column.Targets.Count == 1 ? column.LogicalName
        : table.IsActivity && column.LogicalName == "regardingobjectid" ? $"{column.LogicalName}_{target}_{table.LogicalName}"
        : $"{column.LogicalName}_{target}";

    private static EdmPrimitiveTypeKind PrimitiveKind(AttributeKind kind) => kind switch
    {
        AttributeKind.String or AttributeKind.Memo or AttributeKind.MultiSelectPicklist => EdmPrimitiveTypeKind.String,
        AttributeKind.Integer or AttributeKind.Picklist or AttributeKind.State or AttributeKind.Status => EdmPrimitiveTypeKind.Int32,
        AttributeKind.Decimal or AttributeKind.Money => EdmPrimitiveTypeKind.Decimal,
        AttributeKind.Double => EdmPrimitiveTypeKind.Double,
        AttributeKind.Boolean => EdmPrimitiveTypeKind.Boolean,
        AttributeKind.DateTime => EdmPrimitiveTypeKind.DateTimeOffset,
        AttributeKind.BigInt => EdmPrimitiveTypeKind.Int64,
        _ => EdmPrimitiveTypeKind.Guid,
    };

    /// <summary>EntityDefinitions and its Attributes, addressed by MetadataId or the LogicalName alternate key.</summary>
    private static class MetadataTypes
    {
        public static void Add(EdmModel model, EdmEntityContainer container)
        {
            var entity = new EdmEntityType(Namespace, "EntityMetadata");
            entity.AddKeys(entity.AddStructuralProperty("MetadataId", EdmPrimitiveTypeKind.Guid, false));
            var entityLogicalName = entity.AddStructuralProperty("LogicalName", EdmPrimitiveTypeKind.String);
            foreach (var name in new[] { "EntitySetName", "PrimaryIdAttribute", "PrimaryNameAttribute", "SchemaName" })
            {
                entity.AddStructuralProperty(name, EdmPrimitiveTypeKind.String);
            }

            entity.AddStructuralProperty("IsActivity", EdmPrimitiveTypeKind.Boolean);
            entity.AddStructuralProperty("IsCustomEntity", EdmPrimitiveTypeKind.Boolean);

            var attribute = new EdmEntityType(Namespace, "AttributeMetadata");
            attribute.AddKeys(attribute.AddStructuralProperty("MetadataId", EdmPrimitiveTypeKind.Guid, false));
            var attributeLogicalName = attribute.AddStructuralProperty("LogicalName", EdmPrimitiveTypeKind.String);
            foreach (var name in new[] { "SchemaName", "EntityLogicalName", "AttributeType" })
            {
                attribute.AddStructuralProperty(name, EdmPrimitiveTypeKind.String);
            }

            // AttributeTypeDisplayName: the type's name, e.g. MultiSelectPicklistType for a multi-select choice (AttributeType Virtual).
            var typeName = new EdmComplexType(Namespace, "AttributeTypeDisplayName");
            typeName.AddStructuralProperty("Value", EdmPrimitiveTypeKind.String);
            attribute.AddStructuralProperty("AttributeTypeName", new EdmComplexTypeReference(typeName, true));

            foreach (var name in new[] { "IsSecured", "IsValidForCreate", "IsValidForUpdate", "IsValidForRead", "IsPrimaryId", "IsPrimaryName", "IsCustomAttribute" })
            {
                attribute.AddStructuralProperty(name, EdmPrimitiveTypeKind.Boolean);
            }

            var stringAttribute = new EdmEntityType(Namespace, "StringAttributeMetadata", attribute);
            stringAttribute.AddStructuralProperty("MaxLength", EdmPrimitiveTypeKind.Int32);
            var memoAttribute = new EdmEntityType(Namespace, "MemoAttributeMetadata", attribute);
            memoAttribute.AddStructuralProperty("MaxLength", EdmPrimitiveTypeKind.Int32);
            var lookupAttribute = new EdmEntityType(Namespace, "LookupAttributeMetadata", attribute);
            lookupAttribute.AddStructuralProperty("Targets", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(true))));

            var choiceTypes = ChoiceTypes.Add(attribute);

            entity.AddUnidirectionalNavigation(new EdmNavigationPropertyInfo
            {
                Name = "Attributes",
                Target = attribute,
                TargetMultiplicity = EdmMultiplicity.Many,
                ContainsTarget = true,
            });
            model.AddElements([entity, attribute, typeName, stringAttribute, memoAttribute, lookupAttribute, .. choiceTypes]);
            container.AddEntitySet("EntityDefinitions", entity);
            model.AddAlternateKeyAnnotation(entity, new Dictionary<string, IEdmProperty> { ["LogicalName"] = entityLogicalName });
            model.AddAlternateKeyAnnotation(attribute, new Dictionary<string, IEdmProperty> { ["LogicalName"] = attributeLogicalName });
        }
    }

    /// <summary>WhoAmI, RetrievePrincipalAttributePrivileges and ImportSolution.</summary>
    private static class Operations
    {
        public static void Add(EdmModel model, EdmEntityContainer container, EdmEntityType systemUser)
        {
            var whoAmIResponse = new EdmComplexType(Namespace, "WhoAmIResponse");
            whoAmIResponse.AddStructuralProperty("BusinessUnitId", EdmPrimitiveTypeKind.Guid, false);
            whoAmIResponse.AddStructuralProperty("UserId", EdmPrimitiveTypeKind.Guid, false);
            whoAmIResponse.AddStructuralProperty("OrganizationId", EdmPrimitiveTypeKind.Guid, false);
            var whoAmI = new EdmFunction(Namespace, "WhoAmI", new EdmComplexTypeReference(whoAmIResponse, false), false, null, false);
            container.AddFunctionImport("WhoAmI", whoAmI);

            var privilege = new EdmComplexType(Namespace, "AttributePrivilege");
            privilege.AddStructuralProperty("AttributeId", EdmPrimitiveTypeKind.Guid, false);
            foreach (var name in new[] { "CanCreate", "CanRead", "CanUpdate" })
            {
                privilege.AddStructuralProperty(name, EdmPrimitiveTypeKind.Int32, false);
            }

            var privilegesResponse = new EdmComplexType(Namespace, "RetrievePrincipalAttributePrivilegesResponse");
            privilegesResponse.AddStructuralProperty("AttributePrivileges", new EdmCollectionTypeReference(new EdmCollectionType(new EdmComplexTypeReference(privilege, false))));
            var retrievePrivileges = new EdmFunction(Namespace, "RetrievePrincipalAttributePrivileges", new EdmComplexTypeReference(privilegesResponse, false), true, null, false);
            retrievePrivileges.AddParameter("entity", new EdmEntityTypeReference(systemUser, false));

            var importSolution = new EdmAction(Namespace, "ImportSolution", null);
            importSolution.AddParameter("OverwriteUnmanagedCustomizations", EdmCoreModel.Instance.GetBoolean(false));
            importSolution.AddParameter("PublishWorkflows", EdmCoreModel.Instance.GetBoolean(false));
            importSolution.AddParameter("CustomizationFile", EdmCoreModel.Instance.GetBinary(false));
            importSolution.AddParameter("ImportJobId", EdmCoreModel.Instance.GetGuid(false));
            container.AddActionImport("ImportSolution", importSolution);

            // Merge (webapi/reference/merge): Target, Subordinate and UpdateContent are crmbaseentity, read from the body.
            var merge = new EdmAction(Namespace, "Merge", null);
            foreach (var name in new[] { "Target", "Subordinate", "UpdateContent" })
            {
                merge.AddParameter(name, EdmCoreModel.Instance.GetUntyped());
            }

            merge.AddParameter("PerformParentingChecks", EdmCoreModel.Instance.GetBoolean(false));
            container.AddActionImport("Merge", merge);

            model.AddElements([whoAmIResponse, whoAmI, privilege, privilegesResponse, retrievePrivileges, importSolution, merge]);
        }
    }
}
