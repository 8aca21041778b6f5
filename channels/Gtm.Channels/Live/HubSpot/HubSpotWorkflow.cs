using System.Text.Json.Nodes;

namespace Gtm.Channels.Live.HubSpot;

/// <summary>
/// The workflow that sends a campaign's email: a contact workflow, created disabled, enrolling the
/// contacts whose <c>gtm_audience</c> property names the campaign (the segment, as the audience is
/// loaded into HubSpot) and sending them the email once. The product's state rides in its custom
/// properties (<see cref="HubSpotCampaignState"/>).
/// </summary>
internal static class HubSpotWorkflow
{
    public const string AudienceProperty = "gtm_audience";

    /// <summary>HubSpot's built-in action "Send marketing email".</summary>
    private const string SendEmailAction = "0-4";

    /// <summary>HubSpot's object type of contacts.</summary>
    private const string Contacts = "0-1";

    /// <summary>What a workflow update (PUT) takes, as HubSpot documents it; everything else of a read workflow is HubSpot's own.</summary>
    private static readonly string[] UpdatableFields =
    [
        "type", "revisionId", "isEnabled", "name", "description", "uuid", "startActionId", "actions", "enrollmentCriteria", "enrollmentSchedule",
        "eventAnchor", "goalFilterBranch", "unEnrollmentSetting", "timeWindows", "blockedDates", "customProperties", "suppressionListIds", "canEnrollFromSalesforce",
    ];

    public static JsonObject New(string name, HubSpotCampaignState state) => new()
    {
        ["type"] = "CONTACT_FLOW",
        ["objectTypeId"] = Contacts,
        ["flowType"] = "WORKFLOW",
        ["name"] = name,
        ["description"] = $"Sends the email of campaign {state.ContactKey} to the contacts whose {AudienceProperty} is {state.ContactKey}.",
        ["isEnabled"] = false,
        ["startActionId"] = "1",
        ["nextAvailableActionId"] = "2",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["type"] = "SINGLE_CONNECTION",
            ["actionId"] = "1",
            ["actionTypeId"] = SendEmailAction,
            ["actionTypeVersion"] = 0,
            ["fields"] = new JsonObject { ["content_id"] = state.EmailId },
        }),
        ["enrollmentCriteria"] = Audience(state.ContactKey),
        ["timeWindows"] = new JsonArray(),
        ["blockedDates"] = new JsonArray(),
        ["customProperties"] = state.ToProperties(),
        ["suppressionListIds"] = new JsonArray(),
        ["canEnrollFromSalesforce"] = false,
    };

    /// <summary>The update of a workflow as read: its own definition and revisionId, enabled or not, with the product's state.</summary>
    public static JsonObject Update(JsonObject read, bool enabled, HubSpotCampaignState state)
    {
        var update = new JsonObject();
        foreach (string field in UpdatableFields)
        {
            if (read[field] is { } value)
            {
                update[field] = value.DeepClone();
            }
        }

        update["isEnabled"] = enabled;
        update["customProperties"] = state.ToProperties();
        update["timeWindows"] ??= new JsonArray();
        update["blockedDates"] ??= new JsonArray();
        update["suppressionListIds"] ??= new JsonArray();
        update["canEnrollFromSalesforce"] ??= false;
        return update;
    }

    public static bool IsEnabled(JsonObject flow) => flow["isEnabled"]?.GetValue<bool>() ?? false;

    /// <summary>Contacts enter once, when their audience property names the campaign.</summary>
    private static JsonObject Audience(string contactKey) => new()
    {
        ["type"] = "LIST_BASED",
        ["shouldReEnroll"] = false,
        ["unEnrollObjectsNotMeetingCriteria"] = false,
        ["reEnrollmentTriggersFilterBranches"] = new JsonArray(),
        ["listFilterBranch"] = new JsonObject
        {
            ["filterBranchType"] = "OR",
            ["filterBranchOperator"] = "OR",
            ["filters"] = new JsonArray(),
            ["filterBranches"] = new JsonArray(new JsonObject
            {
                ["filterBranchType"] = "AND",
                ["filterBranchOperator"] = "AND",
                ["filterBranches"] = new JsonArray(),
                ["filters"] = new JsonArray(new JsonObject
                {
                    ["filterType"] = "PROPERTY",
                    ["property"] = AudienceProperty,
                    ["operation"] = new JsonObject
                    {
                        ["operationType"] = "MULTISTRING",
                        ["operator"] = "IS_EQUAL_TO",
                        ["values"] = new JsonArray(contactKey),
                        ["includeObjectsWithNoValueSet"] = false,
                    },
                }),
            }),
        },
    };
}
