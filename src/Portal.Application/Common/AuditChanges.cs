using System.Text.Json;

namespace Portal.Application.Common;

/// <summary>One value of a change: before and after as recorded in the audit trail.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>
/// An audit entry's before and after, recorded as JSON objects, as the values that changed: the one reading of
/// the trail that the device's history, the staff audit page and its CSV share.
/// </summary>
public static class AuditChanges
{
    /// <summary>The top-level values that differ between the two recorded JSON objects.</summary>
    public static IReadOnlyList<FieldChange> Compare(string? before, string? after)
    {
        var old = Flatten(before);
        var @new = Flatten(after);
        return [.. old.Keys.Union(@new.Keys)
            .Select(key => new FieldChange(key, old.GetValueOrDefault(key), @new.GetValueOrDefault(key)))
            .Where(f => f.Before != f.After)];
    }

    private static Dictionary<string, string?> Flatten(string? json)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (json is null)
        {
            return values;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }

        return values;
    }
}
