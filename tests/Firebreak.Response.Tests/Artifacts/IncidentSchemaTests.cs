using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Firebreak.Response.Tests;

/// <summary>incident.json against docs/incident.schema.json: required fields, types, enums and no undocumented key.</summary>
public sealed class IncidentSchemaTests
{
    private static readonly JsonElement Schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "incident.schema.json"))).RootElement;

    [Theory]
    [MemberData(nameof(DossierFixtures.Names), MemberType = typeof(DossierFixtures))]
    public void Render_AnyFixture_MatchesTheSchema(string fixture)
    {
        var json = IncidentArtifacts.Render(DossierFixtures.All[fixture]).Single(a => a.Path == "incident.json").Content;

        Violations(json).ShouldBeEmpty();
    }

    [Fact]
    public void Serialize_ContractV2FieldsSet_MatchesTheSchemaAndRoundTrips()
    {
        var json = IncidentArtifacts.Render(DossierFixtures.All["deploy-p0"]).Single(a => a.Path == "incident.json").Content;
        var model = IncidentJsonRenderer.Parse(json)!;
        var v2 = model with
        {
            Notifications = [new NotificationJson("management", "2026-11-25T20:15:00.000Z", "drafted", null, "communications/management-notification.md")],
            ImpactEstimate = new ImpactEstimateJson(new RangeJson(1200, 2500, "stated", "alerts/01-X.json")) { Records = new RangeJson(2600, 2600, "counted", "logs/api.log") },
            RootCause = new RootCauseJson("deploy 3.8.0", "a null price in PriceCalculator.Apply", "HIGH", false),
            EvidencePreserved = [new PreservedEvidenceJson("logs/api.log", new string('a', 64), new string('a', 64))],
            Sla = [.. model.Sla.Select(s => s with { Status = "unknown", MeasuredFrom = "unknown (no acknowledgement recorded)" })],
        };

        var text = IncidentJsonRenderer.Serialize(v2);

        Violations(text).ShouldBeEmpty();
        IncidentJsonRenderer.Serialize(IncidentJsonRenderer.Parse(text)!).ShouldBe(text);
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.GetProperty("impact_estimate").GetProperty("records").GetProperty("basis").GetString().ShouldBe("counted");
        doc.RootElement.GetProperty("sla")[0].GetProperty("measured_from").GetString().ShouldStartWith("unknown");
    }

    [Fact]
    public void Validate_MissingRequiredFieldOrUnknownKey_IsReported()
    {
        var json = IncidentArtifacts.Render(DossierFixtures.All["deploy-p0"]).Single(a => a.Path == "incident.json").Content;
        var broken = json.Replace("\"detected_at\"", "\"detected\"", StringComparison.Ordinal);

        Violations(broken).ShouldContain("$: missing required 'detected_at'");
        Violations(broken).ShouldContain("$: undocumented key 'detected'");
    }

    private static List<string> Violations(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var found = new List<string>();
        Check(doc.RootElement, Schema, "$", found);
        return found;
    }

    private static void Check(JsonElement value, JsonElement schema, string path, List<string> found)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            Check(value, Schema.GetProperty("$defs").GetProperty(name), path, found);
            return;
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            var matches = oneOf.EnumerateArray().Count(option =>
            {
                var inner = new List<string>();
                Check(value, option, path, inner);
                return inner.Count == 0;
            });
            if (matches != 1)
            {
                found.Add($"{path}: matches {matches} of oneOf");
            }

            return;
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            found.Add($"{path}: {value.ValueKind} is not {type}");
            return;
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => o.ToString() == value.ToString()))
        {
            found.Add($"{path}: '{value}' is not one of {options}");
        }

        if (schema.TryGetProperty("pattern", out var pattern) && value.ValueKind == JsonValueKind.String && !Regex.IsMatch(value.GetString()!, pattern.GetString()!))
        {
            found.Add($"{path}: '{value}' does not match {pattern}");
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" && value.ValueKind == JsonValueKind.String
            && !DateTimeOffset.TryParseExact(value.GetString(), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            found.Add($"{path}: '{value}' is not an ISO 8601 UTC time");
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out var min) && value.GetDouble() < min.GetDouble())
            {
                found.Add($"{path}: {value} below {min}");
            }

            if (schema.TryGetProperty("maximum", out var max) && value.GetDouble() > max.GetDouble())
            {
                found.Add($"{path}: {value} above {max}");
            }
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
            {
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!).Where(n => !value.TryGetProperty(n, out _)))
                {
                    found.Add($"{path}: missing required '{name}'");
                }
            }

            var properties = schema.TryGetProperty("properties", out var p) ? p : default;
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var inner))
                {
                    Check(property.Value, inner, $"{path}.{property.Name}", found);
                }
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    if (additional.ValueKind == JsonValueKind.False)
                    {
                        found.Add($"{path}: undocumented key '{property.Name}'");
                    }
                    else if (additional.ValueKind == JsonValueKind.Object)
                    {
                        Check(property.Value, additional, $"{path}.{property.Name}", found);
                    }
                }
            }
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(item, items, $"{path}[{i++}]", found);
            }
        }
    }

    private static bool TypeMatches(JsonElement value, JsonElement type)
    {
        var names = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!];
        return names.Any(name => name switch
        {
            "object" => value.ValueKind == JsonValueKind.Object,
            "array" => value.ValueKind == JsonValueKind.Array,
            "string" => value.ValueKind == JsonValueKind.String,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "null" => value.ValueKind == JsonValueKind.Null,
            _ => false,
        });
    }
}
