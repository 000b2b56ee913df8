using System.Text.Json.Serialization;
using Firebreak.Core;

namespace Firebreak.Storage;

/// <summary>Source-generated JSON for what the store writes: events (camelCase, enums as names), key lists and decided effects.</summary>
/// <remarks>Generated at build time so a run spends no time on reflection or emitted serializers.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(IncidentEvent))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(LiveEngine.StoredEffects))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
