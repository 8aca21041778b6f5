using System.Globalization;
using System.Text.Json.Nodes;
using WireMock;

namespace Gtm.Functions.Tests.Support.LivePlatforms;

/// <summary>
/// Contact workflows as the v4 automation API keeps them: created with their whole definition, read
/// back with HubSpot's own fields beside it, replaced whole by a PUT that names the revision it was
/// read at (a stale one is refused), listed a page at a time without a name filter. A workflow
/// whose action sends an email that is not published cannot be turned on.
/// </summary>
public sealed partial class HubSpotSimulation
{
    /// <summary>What a workflow definition holds besides HubSpot's own fields (id, revision, timestamps).</summary>
    private static readonly string[] DefinitionFields =
    [
        "type", "objectTypeId", "flowType", "name", "description", "isEnabled", "startActionId", "nextAvailableActionId", "actions", "enrollmentCriteria", "enrollmentSchedule",
        "eventAnchor", "goalFilterBranch", "unEnrollmentSetting", "timeWindows", "blockedDates", "customProperties", "suppressionListIds", "canEnrollFromSalesforce",
    ];

    private readonly Dictionary<string, Flow> flows = [];

    private ResponseMessage ListFlows(Dictionary<string, string> query) =>
        Page([.. flows.Values.Where(f => !f.Deleted).OrderBy(f => long.Parse(f.Id, CultureInfo.InvariantCulture)).Select(f => new JsonObject
        {
            ["id"] = f.Id,
            ["name"] = f.Definition["name"]?.DeepClone(),
            ["isEnabled"] = f.Enabled,
            ["objectTypeId"] = f.Definition["objectTypeId"]?.DeepClone(),
            ["flowType"] = f.Definition["flowType"]?.DeepClone(),
            ["revisionId"] = Text(f.Revision),
        })], query);

    private ResponseMessage CreateFlow(JsonObject? body, DateTimeOffset now)
    {
        if (Definition(body, out string? problem) is not { } definition)
        {
            return Error(400, "VALIDATION_ERROR", problem!);
        }

        if (definition["isEnabled"]?.GetValue<bool>() == true && !emails[SentEmail(definition)!].Published)
        {
            return Error(400, "VALIDATION_ERROR", "a workflow cannot be turned on while the email it sends is not published");
        }

        var flow = new Flow((nextId++).ToString(CultureInfo.InvariantCulture), definition, now);
        flows[flow.Id] = flow;
        Add(new SimulatedCampaign(flow.Id, definition["name"]!.ToString(), "ENABLED", cents => cents / 100m, now)).Set(now, Status(definition), RecordedBudget(definition));
        return Http.Json(FlowJson(flow), 201);
    }

    private ResponseMessage UpdateFlow(Flow flow, JsonObject? body, DateTimeOffset now)
    {
        if (body is null || body["revisionId"]?.ToString() != Text(flow.Revision))
        {
            return Error(409, "CONFLICT", $"workflow {flow.Id} is at revision {flow.Revision}, not {body?["revisionId"]}: read it again");
        }

        body["objectTypeId"] ??= flow.Definition["objectTypeId"]?.DeepClone();
        body["flowType"] ??= flow.Definition["flowType"]?.DeepClone();
        body["nextAvailableActionId"] ??= flow.Definition["nextAvailableActionId"]?.DeepClone();
        if (Definition(body, out string? problem) is not { } definition)
        {
            return Error(400, "VALIDATION_ERROR", problem!);
        }

        if (definition["isEnabled"]?.GetValue<bool>() == true && !emails[SentEmail(definition)!].Published)
        {
            return Error(400, "VALIDATION_ERROR", "a workflow cannot be turned on while the email it sends is not published");
        }

        flow.Definition = definition;
        flow.Revision++;
        flow.UpdatedAt = now;
        Find(flow.Id)!.Set(now, Status(definition), RecordedBudget(definition));
        return Http.Json(FlowJson(flow));
    }

    private ResponseMessage DeleteFlow(Flow flow, DateTimeOffset now)
    {
        flow.Deleted = true;
        Find(flow.Id)!.Set(now, "DELETED");
        return Http.Empty(204);
    }

    private ResponseMessage WithFlow(string id, Func<Flow, ResponseMessage> answer) =>
        flows.TryGetValue(id, out Flow? flow) && !flow.Deleted ? answer(flow) : Error(404, "OBJECT_NOT_FOUND", $"workflow {id} does not exist");

    /// <summary>The definition fields of a create or update, checked as HubSpot checks them; null with the problem otherwise.</summary>
    private JsonObject? Definition(JsonObject? body, out string? problem)
    {
        problem = body is null ? "a workflow is a JSON object"
            : body["type"]?.ToString() != "CONTACT_FLOW" || body["objectTypeId"]?.ToString() != "0-1" ? "the simulation keeps contact workflows (type CONTACT_FLOW, objectTypeId 0-1)"
            : body["name"]?.ToString() is not { Length: > 0 } ? "a workflow needs a name"
            : body["isEnabled"] is not JsonValue enabled || !enabled.TryGetValue(out bool _) ? "isEnabled must be true or false"
            : SentEmail(body) is not { } email || !emails.ContainsKey(email) ? "the workflow's send-email action (0-4) must name an existing email as content_id"
            : body["customProperties"] is JsonObject properties && properties.Any(p => p.Value is not JsonValue) ? "customProperties hold strings"
            : null;
        if (problem is not null)
        {
            return null;
        }

        var definition = new JsonObject();
        foreach (string field in DefinitionFields.Where(f => body![f] is not null))
        {
            definition[field] = body![field]!.DeepClone();
        }

        return definition;
    }

    private static string? SentEmail(JsonObject definition) =>
        (definition["actions"] as JsonArray ?? []).FirstOrDefault(a => a?["actionTypeId"]?.ToString() == "0-4")?["fields"]?["content_id"]?.ToString();

    private static string Status(JsonObject definition) => definition["isEnabled"]!.GetValue<bool>() ? "ENABLED" : "DISABLED";

    /// <summary>The product's daily budget among the custom properties (HubSpot stores it, never spends it); zero when there is none.</summary>
    private static long RecordedBudget(JsonObject definition) =>
        long.TryParse(definition["customProperties"]?["gtm_daily_budget_minor_units"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out long budget) ? budget : 0;

    private static JsonObject FlowJson(Flow flow)
    {
        JsonObject json = flow.Definition.DeepClone().AsObject();
        json["id"] = flow.Id;
        json["revisionId"] = Text(flow.Revision);
        json["createdAt"] = Iso(flow.CreatedAt);
        json["updatedAt"] = Iso(flow.UpdatedAt);
        json["dataSources"] = new JsonArray();
        json["crmObjectCreationStatus"] = "COMPLETE";
        return json;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Flow(string id, JsonObject definition, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public JsonObject Definition { get; set; } = definition;

        public long Revision { get; set; } = 1;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public DateTimeOffset UpdatedAt { get; set; } = createdAt;

        public bool Deleted { get; set; }

        public bool Enabled => Definition["isEnabled"]?.GetValue<bool>() == true;

        public string EmailId => SentEmail(Definition)!;
    }
}
