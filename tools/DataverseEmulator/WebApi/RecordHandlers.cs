using CrmSync.DataverseEmulator.Hosting;
using CrmSync.DataverseEmulator.Metadata;
using CrmSync.DataverseEmulator.Pipeline;
using CrmSync.DataverseEmulator.Storage;
using Microsoft.OData.UriParser;

namespace CrmSync.DataverseEmulator.WebApi;

/// <summary>
/// Create, retrieve, retrieve-multiple, update/upsert and delete, with the documented status codes,
/// <c>OData-EntityId</c>, <c>return=representation</c> and ETag conditions
/// (https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api).
/// </summary>
internal sealed class RecordHandlers
{
    private readonly EmulatorState _state;

    public RecordHandlers(EmulatorState state) => _state = state;

    private string Context(string fragment) => _state.ServiceRoot + "$metadata#" + fragment;

    public ApiResponse Query(TableDefinition table, ODataUriParser parser, ApiRequest request)
    {
        var prefer = Preferences.Parse(request.Header("Prefer"));
        var clause = parser.ParseSelectAndExpand();
        var selected = Selection.Columns(table, clause);
        var options = Options(prefer, Selection.Expansions(table, clause, _state.Schema));
        var pageSize = Math.Min(prefer.MaxPageSizeRequested ?? Preferences.MaxPageSize, Preferences.MaxPageSize);
        QueryExecutor.Page page;
        lock (_state.Store.Gate)
        {
            page = QueryExecutor.Run(table, _state.Store.Table(table), parser, pageSize);
        }

        _state.Counters.Query();
        var json = new RecordJson(table, selected, request.User.Id, _state.Users, options);
        var response = ApiResponse.Json(200, w =>
        {
            w.WriteString("@odata.context", Context(RecordJson.ContextFragment(table, selected)));
            if (page.Count is { } count)
            {
                w.WriteNumber("@odata.count", count);
            }

            w.WriteStartArray("value");
            foreach (var row in page.Rows)
            {
                json.Write(w, row);
            }

            w.WriteEndArray();
            if (page.SkipToken is { } token)
            {
                w.WriteString("@odata.nextLink", QueryExecutor.NextLink(request.Uri, token));
            }
        });
        if (prefer.MaxPageSizeRequested is { } requested)
        {
            response.Headers["Preference-Applied"] = $"odata.maxpagesize={Math.Min(requested, Preferences.MaxPageSize)}";
        }

        response.RequestedColumns = WireNames(selected);
        response.PageRows = page.Rows.Count;
        return response;
    }

    public ApiResponse Retrieve(TableDefinition table, Guid id, ODataUriParser parser, ApiRequest request)
    {
        var prefer = Preferences.Parse(request.Header("Prefer"));
        var clause = parser.ParseSelectAndExpand();
        var selected = Selection.Columns(table, clause);
        var options = Options(prefer, Selection.Expansions(table, clause, _state.Schema));
        Row row;
        lock (_state.Store.Gate)
        {
            row = _state.Store.Table(table).Find(id) ?? throw OrganizationEngine.NotFound(table, id);
        }

        _state.Counters.Query();
        if (request.Header("If-None-Match") == row.ETag)
        {
            return new ApiResponse { Status = 304 };
        }

        var response = Representation(200, table, row, selected, request.User.Id, options);
        response.RequestedColumns = WireNames(selected);
        return response;
    }

    public ApiResponse Create(TableDefinition table, ODataUriParser parser, ApiRequest request, Transaction? ambient, Func<string, Uri> resolve)
    {
        var input = ReadWrite(table, parser, request, resolve);
        var (id, row) = WebApiDispatcher.Write(_state.Engine, request, ambient, op =>
        {
            var newId = _state.Engine.Create(op, table, input.Values);
            return (newId, _state.Store.Table(table).Find(newId)!);
        });
        return WriteResponse(201, table, id, row, input, request, preferenceApplied: true);
    }

    /// <summary>PATCH: update, or create when missing (upsert); If-Match: * prevents create, If-None-Match: * prevents update.</summary>
    public ApiResponse Upsert(TableDefinition table, Guid id, ODataUriParser parser, ApiRequest request, Transaction? ambient, Func<string, Uri> resolve)
    {
        var input = ReadWrite(table, parser, request, resolve);
        var ifMatch = request.Header("If-Match");
        var ifNoneMatch = request.Header("If-None-Match");
        var row = WebApiDispatcher.Write(_state.Engine, request, ambient, op =>
        {
            var existing = _state.Store.Table(table).Find(id);
            if (existing is null)
            {
                if (ifMatch is not null)
                {
                    throw OrganizationEngine.NotFound(table, id);
                }

                input.Values[table.PrimaryId] = id;
                _state.Engine.Create(op, table, input.Values);
                return _state.Store.Table(table).Find(id)!;
            }

            if (ifNoneMatch == "*")
            {
                throw OrganizationEngine.Duplicate();
            }

            CheckETag(ifMatch, existing);
            return _state.Engine.Update(op, table, id, input.Values);
        });
        return WriteResponse(200, table, id, row, input, request, preferenceApplied: false);
    }

    public ApiResponse Delete(TableDefinition table, Guid id, ApiRequest request, Transaction? ambient)
    {
        var ifMatch = request.Header("If-Match");
        WebApiDispatcher.Write(_state.Engine, request, ambient, op =>
        {
            var existing = _state.Store.Table(table).Find(id) ?? throw OrganizationEngine.NotFound(table, id);
            CheckETag(ifMatch, existing);
            _state.Engine.Delete(op, table, id);
            return true;
        });
        return ApiResponse.NoContent();
    }

    private string EntityId(TableDefinition table, Guid id) => $"{_state.ServiceRoot}{table.EntitySetName}({id})";

    private static List<string> WireNames(IReadOnlyList<ColumnDefinition>? selected) => selected?.Select(c => c.WireName).ToList() ?? [];

    /// <summary>Reads a create or upsert: preferences, the columns to return, the payload and the columns it writes (for the log).</summary>
    private WriteInput ReadWrite(TableDefinition table, ODataUriParser parser, ApiRequest request, Func<string, Uri> resolve)
    {
        var prefer = Preferences.Parse(request.Header("Prefer"));
        var clause = prefer.ReturnRepresentation ? parser.ParseSelectAndExpand() : null;
        var selected = Selection.Columns(table, clause);
        var options = Options(prefer, Selection.Expansions(table, clause, _state.Schema));
        var values = PayloadReader.Read(table, request.Body, _state.Schema, _state.ServiceRoot, resolve);
        return new WriteInput(prefer, selected, options, values, values.Keys.Select(c => c.LogicalName).ToList());
    }

    /// <summary>
    /// The written record with <paramref name="status"/> when a representation was asked for, else 204;
    /// then its OData-EntityId. Only create announces <c>Preference-Applied</c>.
    /// </summary>
    private ApiResponse WriteResponse(int status, TableDefinition table, Guid id, Row row, WriteInput input, ApiRequest request, bool preferenceApplied)
    {
        var response = input.Prefer.ReturnRepresentation
            ? Representation(status, table, row, input.Selected, request.User.Id, input.Options)
            : ApiResponse.NoContent();
        if (preferenceApplied && input.Prefer.ReturnRepresentation)
        {
            response.Headers["Preference-Applied"] = "return=representation";
        }

        response.Headers["OData-EntityId"] = EntityId(table, id);
        response.WrittenColumns = input.Written;
        return response;
    }

    private static void CheckETag(string? ifMatch, Row existing)
    {
        if (ifMatch is not null && ifMatch != "*" && ifMatch != existing.ETag)
        {
            throw new WebApiException(412, ErrorCodes.ConcurrencyVersionMismatch, "The version of the existing record doesn't match the RowVersion property provided.");
        }
    }

    private ApiResponse Representation(int status, TableDefinition table, Row row, IReadOnlyList<ColumnDefinition>? selected, Guid userId, RecordJsonOptions options)
    {
        var json = new RecordJson(table, selected, userId, _state.Users, options);
        var response = ApiResponse.Json(status, w =>
        {
            w.WriteString("@odata.context", Context(RecordJson.ContextFragment(table, selected) + "/$entity"));
            json.WriteProperties(w, row);
        });
        response.Headers["ETag"] = row.ETag;
        return response;
    }

    /// <summary>The annotations and expansions a response writes; related rows are read under the store's lock.</summary>
    private RecordJsonOptions Options(Preferences prefer, IReadOnlyList<Expansion> expansions) =>
        new(prefer.LookupAnnotations, prefer.FormattedValues, expansions, reference =>
        {
            lock (_state.Store.Gate)
            {
                return _state.Schema.FindTable(reference.Table) is { } target && _state.Store.Table(target).Find(reference.Id) is { } row
                    ? new RelatedRow(target, row)
                    : null;
            }
        });

    private sealed record WriteInput(
        Preferences Prefer, IReadOnlyList<ColumnDefinition>? Selected, RecordJsonOptions Options, Dictionary<ColumnDefinition, object?> Values, List<string> Written);
}
