using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Firebreak.Core;

namespace Firebreak.Response;

/// <summary>
/// The stored form of an incident's analysis: every decision of the dossier (detection, the evidence as read, diagnosis,
/// triage with its impact estimate, roster, escalation and notices, root cause, mitigation plan and outcome, review,
/// preventive actions, preserved evidence, warnings), without what a later command supplies itself (the project's
/// configuration, the incident's lifecycle state and the clock as of its moment).
/// </summary>
/// <param name="SchemaVersion">The payload's schema version (<see cref="AnalysisCodec.SchemaVersion"/> when written by this code).</param>
/// <param name="Dossier">The decisions; its <c>Config</c>, <c>State</c>, <c>Clock</c> and <c>Id</c> are not stored.</param>
public sealed record StoredAnalysis(int SchemaVersion, IncidentDossier Dossier);

/// <summary>System.Text.Json source generation for <see cref="StoredAnalysis"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    IncludeFields = true,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StoredAnalysis))]
public sealed partial class AnalysisJsonContext : JsonSerializerContext;

/// <summary>Writes a dossier's decisions as a versioned payload with its digest, reads them back, and says what changed between two.</summary>
public static class AnalysisCodec
{
    /// <summary>The schema version this code writes; a payload of another version is not read (the analysis is recomputed once).</summary>
    /// <remarks>2: the stored fishbone holds only the evidence's factors (missed response targets became a render-time view).</remarks>
    public const int SchemaVersion = 2;

    /// <summary>The dossier members a later command supplies itself, never stored.</summary>
    private static readonly HashSet<string> Supplied = new(StringComparer.Ordinal)
    {
        nameof(IncidentDossier.Id), nameof(IncidentDossier.Config), nameof(IncidentDossier.State), nameof(IncidentDossier.Clock),
        nameof(IncidentDossier.AnalysisVersions),
    };

    /// <summary>The evidence bundle's member a later command supplies itself.</summary>
    private static readonly HashSet<string> BundleSupplied = new(StringComparer.Ordinal) { nameof(Firebreak.Evidence.EvidenceBundle.Config) };

    /// <summary>The moment members that say when the analysis was made, not what it decided: left out of the digest.</summary>
    private static readonly string[] MomentMembers = ["as_of"];

    private static readonly JsonSerializerOptions Options = new()
    {
        TypeInfoResolver = AnalysisJsonContext.Default.WithAddedModifier(OmitSupplied),
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        IncludeFields = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The dossier's decisions as JSON.</summary>
    public static string Encode(IncidentDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return JsonSerializer.Serialize(new StoredAnalysis(SchemaVersion, dossier), Options);
    }

    /// <summary>Reads a payload of <see cref="SchemaVersion"/>; null when it is of another schema or cannot be read.</summary>
    public static StoredAnalysis? Decode(AnalysisVersion stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.SchemaVersion != SchemaVersion)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredAnalysis>(stored.Payload, Options) is { SchemaVersion: SchemaVersion, Dossier: not null } analysis ? analysis : null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>SHA-256 (hex) of a payload's decisions, without the moment they were made.</summary>
    public static string Digest(string payload)
    {
        var node = Sections(payload);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString())));
    }

    /// <summary>The top-level decisions of a payload that differ from an earlier one, by name (e.g. "triage", "root_cause").</summary>
    public static IReadOnlyList<string> Changed(string earlier, string later)
    {
        var before = Sections(earlier);
        var after = Sections(later);
        var names = before.Select(p => p.Key).Union(after.Select(p => p.Key), StringComparer.Ordinal);
        return [.. names.Where(n => !JsonNode.DeepEquals(before[n], after[n]))];
    }

    /// <summary>The dossier section of a payload, without its moment members.</summary>
    private static JsonObject Sections(string payload)
    {
        var root = JsonNode.Parse(payload)?.AsObject() ?? throw new JsonException("an analysis payload is a JSON object");
        var dossier = root["dossier"]?.AsObject() ?? throw new JsonException("an analysis payload holds a dossier");
        foreach (var member in MomentMembers)
        {
            dossier.Remove(member);
        }

        return dossier;
    }

    private static void OmitSupplied(JsonTypeInfo info)
    {
        if (info.Type == typeof(IncidentDossier))
        {
            Omit(info, Supplied);
        }
        else if (info.Type == typeof(Firebreak.Evidence.EvidenceBundle))
        {
            Omit(info, BundleSupplied);
        }
    }

    /// <summary>Neither writes nor requires the members: they read as null and the caller supplies them.</summary>
    private static void Omit(JsonTypeInfo info, IReadOnlySet<string> members)
    {
        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is System.Reflection.MemberInfo member && members.Contains(member.Name))
            {
                property.ShouldSerialize = static (_, _) => false;
                property.IsRequired = false;
            }
        }
    }
}
