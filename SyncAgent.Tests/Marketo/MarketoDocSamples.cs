namespace CrmSync.SyncAgent.Tests.Marketo;

/// <summary>Response bodies as printed in Adobe's Marketo REST documentation; each names its page.</summary>
internal static class MarketoDocSamples
{
    public const string AuthenticationPage = "https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/authentication";
    public const string ErrorCodesPage = "https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/error-codes";
    public const string LeadsPage = "https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/leads";
    public const string ActivitiesPage = "https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/lead-database/activities";
    public const string PagingTokensPage = "https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/paging-tokens";

    /// <summary>LeadsPage, "Query": Get Leads by Filter Type with filterType=id.</summary>
    public const string LeadsByFilter = """
        {
            "requestId": "12951#15699db5c97",
            "result": [
                { "id": 318581, "updatedAt": "2016-05-17T22:11:45Z", "lastName": "Lincoln", "email": "abe@usa.gov", "createdAt": "2015-03-17T00:18:40Z", "firstName": "Abraham" },
                { "id": 318592, "updatedAt": "2016-05-17T22:20:51Z", "lastName": "Washington", "email": "george@usa.gov", "createdAt": "2015-04-06T16:29:21Z", "firstName": "George" }
            ],
            "success": true
        }
        """;

    /// <summary>LeadsPage: "If no records are found, the response indicates success but the result array will be empty."</summary>
    public const string NoLeads = """{ "requestId": "177a1#1578b643357", "result": [], "success": true }""";

    /// <summary>ErrorCodesPage, "Record-Level": two created, one skipped with 1005.</summary>
    public const string SyncLeadsWithSkip = """
        {
           "requestId":"e42b#14272d07d78",
           "success":true,
           "result":[
              { "id":50, "status":"created" },
              { "id":51, "status":"created" },
              { "status":"skipped", "reasons":[ { "code":"1005", "message":"Lead already exists" } ] }
           ]
        }
        """;

    /// <summary>LeadsPage, "Describe" (the page's sample omits the closing bracket of result; restored here).</summary>
    public const string Describe = """
        {
           "requestId":"37ca#1475b74e276",
           "success":true,
           "result":[
              {
                 "id":2,
                 "displayName":"Company Name",
                 "dataType":"string",
                 "length":255,
                 "rest":{ "name":"company", "readOnly":false },
                 "soap":{ "name":"Company", "readOnly":false }
              }
           ]
        }
        """;

    /// <summary>PagingTokensPage, "Date-Based".</summary>
    public const string PagingToken = """
        {
            "requestId": "1607c#14884f3e74e",
            "success": true,
            "nextPageToken": "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBQ"
        }
        """;

    /// <summary>ActivitiesPage, "Data value changes".</summary>
    public const string LeadChanges = """
        {
          "requestId": "a9ae#148add1e53d",
          "success": true,
          "nextPageToken": "GIYDAOBNGEYS2MBWKQYDAORQGA5DAMBOGAYDAKZQGAYDALBRGA3TQ===",
          "moreResult": true,
          "result": [
            {
              "id": 1078,
              "marketoGUID": "1078",
              "leadId": 775,
              "activityDate": "2014-09-17T22:31:49+0000",
              "activityTypeId": 13,
              "fields": [
                { "id": 48, "name": "firstName", "newValue": "FirstName_6176", "oldValue": "FirstName_4914" }
              ],
              "attributes": [
                { "name": "Reason", "value": "Web service API" },
                { "name": "Source", "value": "Web service API" },
                { "name": "Lead ID", "value": 775 }
              ]
            }
          ]
        }
        """;

    /// <summary>ActivitiesPage, "Get types".</summary>
    public const string CustomActivityTypes = """
        {
          "requestId": "185d6#14b51985ff0",
          "success": true,
          "result": [
            {
              "id": 100001,
              "apiName": "attendConference",
              "name": "Attend Conference",
              "description": "Attend the conference",
              "triggerName": "Attends Conference",
              "filterName": "Attended Conference",
              "createdAt": "2016-02-03T22:36:23Z",
              "updatedAt": "2016-02-03T22:36:23Z",
              "status": "approved"
            }
          ]
        }
        """;

    /// <summary>ActivitiesPage, "Create type" response (a draft, no id yet).</summary>
    public const string CreatedType = """
        {
          "requestId": "e42b#14272d07d78",
          "success": true,
          "result": [
            {
              "apiName": "attendConference",
              "name": "Attend Conference",
              "description": "Attend the conference",
              "triggerName": "Attends Conference",
              "filterName": "Attended Conference",
              "status": "draft",
              "primaryAttribute": { "apiName": "conferenceName", "name": "Conference Name", "description": "Name of the conference", "dataType": "string" }
            }
          ]
        }
        """;

    /// <summary>ActivitiesPage, "Add Custom Activities": two added, one skipped with errors 1004.</summary>
    public const string AddedActivities = """
        {
          "requestId": "e42b#14272d07d78",
          "success": true,
          "result": [
            { "id": 50, "marketoGUID": "50", "status": "added" },
            { "id": 51, "marketoGUID": "51", "status": "added" },
            { "status": "skipped", "errors": [ { "code": "1004", "message": "Lead not found" } ] }
          ]
        }
        """;

    /// <summary>A success envelope with an empty result (any endpoint).</summary>
    public const string EmptySuccess = """{ "requestId": "1#1", "success": true, "result": [] }""";
}
