using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Routes one Web API request (top-level or a $batch part) by parsing its URL with
/// <see cref="ODataUriParser"/> against the organization's EDM model.
/// </summary>
internal sealed class WebApiDispatcher
{
    private readonly EmulatorState _state;
    private readonly RecordHandlers _records;
    private readonly MetadataHandlers _metadata;
    private readonly ActionHandlers _actions;
    private readonly RelationshipHandlers _relationships;

    public WebApiDispatcher(EmulatorState state, Solutions.SolutionImporter importer)
    {
        _state = state;
        _records = new RecordHandlers(state);
        _metadata = new MetadataHandlers(state);
        _actions = new ActionHandlers(state, importer);
        _relationships = new RelationshipHandlers(state);
    }

    /// <param name="request">The request.</param>
    /// <param name="ambient">The changeset transaction when the request is part of one (the caller holds the gate).</param>
    /// <param name="resolveReference">Resolves <c>$n</c> Content-ID references inside a changeset.</param>
    public ApiResponse Handle(ApiRequest request, Transaction? ambient = null, Func<string, Uri>? resolveReference = null)
    {
        try
        {
            return Route(request, ambient, resolveReference ?? (s => new Uri(_state.ServiceRoot, s.TrimStart('/'))));
        }
        catch (WebApiException ex)
        {
            return ApiResponse.Error(ex);
        }
        catch (ODataException ex)
        {
            return ApiResponse.Error(400, ErrorCodes.ResourceNotFound, ex.Message);
        }
    }

    private ApiResponse Route(ApiRequest request, Transaction? ambient, Func<string, Uri> resolveReference)
    {
        var root = _state.ServiceRoot;
        if (request.Uri.AbsolutePath.Equals(root.AbsolutePath + "$metadata", StringComparison.Ordinal))
        {
            return _metadata.Csdl();
        }

        var model = _state.Schema.Model;
        var parser = new ODataUriParser(model, root, request.Uri) { Resolver = new AlternateKeysODataUriResolver(model) };
        List<ODataPathSegment> path;
        try
        {
            path = parser.ParsePath().ToList();
        }
        catch (ODataException ex)
        {
            throw new WebApiException(404, ErrorCodes.ResourceNotFound, ex.Message);
        }

        var method = request.Method.ToUpperInvariant();
        switch (path)
        {
            case [EntitySetSegment set, ..] when set.EntitySet.Name == "EntityDefinitions":
                return Only(method, "GET", () => _metadata.Handle(path, parser));
            case [OperationImportSegment import] when import.OperationImports.Single().Name == "WhoAmI":
                return Only(method, "GET", () => _actions.WhoAmI(request));
            case [OperationImportSegment import] when import.OperationImports.Single().Name == "Merge":
                return Only(method, "POST", () => _actions.Merge(request, ambient, resolveReference));
            case [OperationImportSegment import] when import.OperationImports.Single().Name == "ImportSolution":
                return Only(method, "POST", () => _actions.ImportSolution(request));
            case [EntitySetSegment set, KeySegment key, OperationSegment operation] when operation.Operations.Single().Name == "RetrievePrincipalAttributePrivileges":
                return Only(method, "GET", () => _actions.RetrievePrincipalAttributePrivileges(Table(set), Id(key)));
            case [EntitySetSegment set, KeySegment key, NavigationPropertySegment navigation]
                when navigation.NavigationProperty.Name == EdmModelFactory.UserRolesNavigation && set.EntitySet.Name == "systemusers":
                return Only(method, "GET", () => _relationships.RolesOfUser(Id(key), parser, request));
            case [EntitySetSegment set]:
                return method switch
                {
                    "GET" => _records.Query(Table(set), parser, request),
                    "POST" => _records.Create(Table(set), parser, request, ambient, resolveReference),
                    _ => throw MethodNotAllowed(method),
                };
            case [EntitySetSegment set, KeySegment key]:
                return method switch
                {
                    "GET" => _records.Retrieve(Table(set), Id(key), parser, request),
                    "PATCH" => _records.Upsert(Table(set), Id(key), parser, request, ambient, resolveReference),
                    "DELETE" => _records.Delete(Table(set), Id(key), request, ambient),
                    _ => throw MethodNotAllowed(method),
                };
            default:
                throw new WebApiException(501, ErrorCodes.InvalidArgument, $"The emulator does not implement '{request.Uri.AbsolutePath}'.");
        }
    }

    private TableDefinition Table(EntitySetSegment set) =>
        _state.Schema.FindBySet(set.EntitySet.Name) ?? throw new WebApiException(404, ErrorCodes.ResourceNotFound, $"Resource not found for the segment '{set.EntitySet.Name}'.");

    private static Guid Id(KeySegment key) =>
        key.Keys.Single().Value is Guid id ? id : throw new WebApiException(400, ErrorCodes.InvalidArgument, "The key must be a GUID.");

    private static ApiResponse Only(string method, string allowed, Func<ApiResponse> handler) =>
        method == allowed ? handler() : throw MethodNotAllowed(method);

    private static WebApiException MethodNotAllowed(string method) =>
        new(405, ErrorCodes.InvalidArgument, $"The HTTP method '{method}' is not allowed for this resource.");

    /// <summary>Runs a write in the ambient changeset transaction, or in its own.</summary>
    public static T Write<T>(OrganizationEngine engine, ApiRequest request, Transaction? ambient, Func<OperationContext, T> operation) =>
        ambient is not null
            ? operation(OperationContext.ForCaller(request.User, ambient, engine.Now()))
            : engine.Execute(tx => operation(OperationContext.ForCaller(request.User, tx, engine.Now())));
}
