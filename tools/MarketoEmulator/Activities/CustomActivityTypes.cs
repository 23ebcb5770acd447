using CrmSync.MarketoEmulator.Rest;

namespace CrmSync.MarketoEmulator.Activities;

/// <summary>
/// Custom activity type metadata with the documented draft/approve life cycle: types are created as
/// draft and must be approved before activities can be added; limits 10 types, 20 attributes each.
/// </summary>
internal sealed class CustomActivityTypes(TimeProvider time)
{
    public const int MaxTypes = 10;
    public const int MaxAttributes = 20;
    private static readonly string[] DataTypes =
        ["string", "boolean", "integer", "float", "link", "email", "currency", "date", "datetime", "phone", "text"];

    private readonly Lock _lock = new();
    private readonly List<MarketoCustomActivityType> _types = [];

    public List<MarketoCustomActivityType> All()
    {
        lock (_lock)
        {
            return [.. _types];
        }
    }

    public MarketoCustomActivityType? Find(string apiName)
    {
        lock (_lock)
        {
            return _types.Find(t => t.ApiName == apiName);
        }
    }

    public MarketoCustomActivityType? Find(int id)
    {
        lock (_lock)
        {
            return _types.Find(t => t.Id == id);
        }
    }

    public (MarketoCustomActivityType? Type, MarketoReason? Error) Create(
        string apiName, string name, string? description, string triggerName, string filterName, MarketoCustomActivityAttribute primary)
    {
        lock (_lock)
        {
            if (_types.Exists(t => t.ApiName == apiName || t.TriggerName == triggerName || t.FilterName == filterName))
            {
                return (null, MarketoErrors.ObjectAlreadyExists);
            }

            if (_types.Count >= MaxTypes)
            {
                return (null, MarketoErrors.MaxActivityTypes);
            }

            var now = time.GetUtcNow();
            var type = new MarketoCustomActivityType
            {
                Id = 100_001 + _types.Count, ApiName = apiName, Name = name, Description = description,
                TriggerName = triggerName, FilterName = filterName, Status = "draft", CreatedAt = now, UpdatedAt = now,
                PrimaryAttribute = primary,
            };
            _types.Add(type);
            return (type, null);
        }
    }

    public (MarketoCustomActivityType? Type, MarketoReason? Error) AddAttributes(string apiName, IReadOnlyList<MarketoCustomActivityAttribute> attributes)
    {
        lock (_lock)
        {
            var index = _types.FindIndex(t => t.ApiName == apiName);
            if (index < 0)
            {
                return (null, MarketoErrors.ObjectNotFound);
            }

            var type = _types[index];
            var draft = type.DraftAttributes.ToList();
            foreach (var attribute in attributes)
            {
                if (!DataTypes.Contains(attribute.DataType))
                {
                    return (null, MarketoErrors.InvalidValue(attribute.DataType, "dataType"));
                }

                if (draft.Exists(a => a.ApiName == attribute.ApiName) || attribute.ApiName == type.PrimaryAttribute.ApiName)
                {
                    return (null, MarketoErrors.ObjectAlreadyExists);
                }

                draft.Add(attribute);
            }

            if (draft.Count > MaxAttributes)
            {
                return (null, MarketoErrors.MaxFieldLimit);
            }

            var updated = type with
            {
                DraftAttributes = draft,
                Status = type.IsApproved ? "approved with draft" : "draft",
                UpdatedAt = time.GetUtcNow(),
            };
            _types[index] = updated;
            return (updated, null);
        }
    }

    public (MarketoCustomActivityType? Type, MarketoReason? Error) Approve(string apiName)
    {
        lock (_lock)
        {
            var index = _types.FindIndex(t => t.ApiName == apiName);
            if (index < 0)
            {
                return (null, MarketoErrors.ObjectNotFound);
            }

            var type = _types[index];
            if (type.Status == "approved")
            {
                // The error codes page: 709 when approving an asset that has no draft.
                return (null, MarketoErrors.BusinessRuleViolation);
            }

            var approved = type with { Status = "approved", Attributes = type.DraftAttributes, UpdatedAt = time.GetUtcNow() };
            _types[index] = approved;
            return (approved, null);
        }
    }
}
