using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gtm.Durable.Serialization;

/// <summary>Turns inputs, outputs and event payloads into JSON strings and back.</summary>
public sealed class DataConverter
{
    public static readonly DataConverter Default = new(CreateOptions());

    public DataConverter(JsonSerializerOptions options) => Options = options;

    public JsonSerializerOptions Options { get; }

    public static JsonSerializerOptions CreateOptions()
    {
        // Relaxed escaping keeps payloads readable ("it's", not "it\u0027s"); nothing here is embedded in HTML unencoded.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    public string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Options);

    public object? Deserialize(string? json, Type type) =>
        json is null || type == typeof(object) && json == "null" ? null : JsonSerializer.Deserialize(json, type, Options);

    public T? Deserialize<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
