using System.Text;
using Azure.Core.Serialization;
using Microsoft.DurableTask;

namespace Gtm.LocalRunner.Durable;

/// <summary>
/// The app's <c>WorkerOptions.Serializer</c> as Durable Task's data converter, wired as the
/// DurableTask extension wires it under the Functions host, so inputs, outputs, events and custom
/// status are written the same way whoever runs the app.
/// </summary>
public sealed class WorkerDataConverter(ObjectSerializer serializer) : DataConverter
{
    public override string? Serialize(object? value) =>
        value is null ? null : serializer.Serialize(value, value.GetType(), default).ToString();

    public override object? Deserialize(string? data, Type targetType)
    {
        if (data is null)
        {
            return null;
        }

        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(data), writable: false);
        return serializer.Deserialize(stream, targetType, default);
    }
}
