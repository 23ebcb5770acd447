using CrmSync.DataverseEmulator.Storage;
using Microsoft.Xrm.Sdk;

namespace CrmSync.DataverseEmulator.Pipeline;

/// <summary>
/// The organization service handed to plug-ins: its writes are nested operations (depth + 1) in the
/// caller's transaction, so they commit or roll back with the operation that triggered the plug-in.
/// </summary>
internal sealed class EmulatedOrganizationService : IOrganizationService
{
    private readonly OrganizationEngine _engine;
    private readonly OperationContext _operation;
    private readonly IPluginExecutionContext _pluginContext;
    private readonly Guid _userId;

    public EmulatedOrganizationService(OrganizationEngine engine, OperationContext operation, IPluginExecutionContext pluginContext, Guid userId)
    {
        _engine = engine;
        _operation = operation;
        _pluginContext = pluginContext;
        _userId = userId;
    }

    public Guid Create(Entity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Guard(() =>
        {
            var table = _engine.Schema.GetTable(entity.LogicalName);
            var values = new Dictionary<Metadata.ColumnDefinition, object?>();
            foreach (var (name, value) in entity.Attributes)
            {
                var column = table.Find(name) ?? throw new InvalidPluginExecutionException($"'{entity.LogicalName}' entity doesn't contain attribute with Name = '{name}'.");
                values[column] = ValueConverter.FromClr(column, value);
            }

            if (entity.Id != Guid.Empty)
            {
                values[table.PrimaryId] = entity.Id;
            }

            var nested = _operation.Nested(_userId, _pluginContext, _engine.Now());
            return _engine.Create(nested, table, values);
        });
    }

    /// <summary>A failed nested call dooms the transaction even if the plug-in catches the exception.</summary>
    private T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch
        {
            _operation.Doomed = true;
            throw;
        }
    }
}
