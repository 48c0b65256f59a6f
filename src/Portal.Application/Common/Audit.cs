using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Common;

public static class Audit
{
    // Enum names rather than numbers: the trail is read by people (the device's history, staff audits).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false, Converters = { new JsonStringEnumConverter() } };

    /// <summary>Adds an audit entry to the same unit of work as the change it describes.</summary>
    public static void Record(this IPortalDbContext db, Actor? actor, DateTimeOffset now, string action, string entityType, string entityId, Guid? deviceId, object? before, object? after) =>
        db.AuditEntries.Add(new AuditEntry(
            now,
            actor?.UserId,
            actor?.Name ?? "system",
            action,
            entityType,
            entityId,
            deviceId,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json)));
}
