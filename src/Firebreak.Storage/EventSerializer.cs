using System.Text.Json;
using System.Text.Json.Serialization;
using Firebreak.Core;

namespace Firebreak.Storage;

/// <summary>Serializes incident events as JSON with a "type" discriminator, enums as names.</summary>
public static class EventSerializer
{
    /// <summary>The event as one line of JSON.</summary>
    public static string Serialize(IncidentEvent @event) => JsonSerializer.Serialize(@event, StorageJsonContext.Default.IncidentEvent);

    /// <summary>Reads an event written by <see cref="Serialize"/>.</summary>
    public static IncidentEvent Deserialize(string json) =>
        JsonSerializer.Deserialize(json, StorageJsonContext.Default.IncidentEvent) ?? throw new JsonException("the event is null");

    private static readonly Dictionary<Type, string> Discriminators = typeof(IncidentEvent)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .ToDictionary(a => a.DerivedType, a => a.TypeDiscriminator?.ToString() ?? a.DerivedType.Name);

    /// <summary>The discriminator written for events of <paramref name="type"/>, e.g. status-changed.</summary>
    public static string TypeName(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return Discriminators.TryGetValue(type, out var name) ? name : type.Name;
    }

    /// <summary>The discriminator written for an event, e.g. status-changed.</summary>
    public static string TypeName(IncidentEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        return Discriminators.TryGetValue(@event.GetType(), out var name) ? name : @event.GetType().Name;
    }
}
