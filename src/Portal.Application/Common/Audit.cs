using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Portal.Application.Abstractions;
using Portal.Application.Domain.Audit;

namespace Portal.Application.Common;

public static class Audit
{
    /// <summary>The actor's name on entries of the centre's own jobs and the intake (no person acted).</summary>
    public const string SystemActorName = "system";

    // Enum names rather than numbers: the trail is read by people (the device's history, staff audits).
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },

        // Japanese names and addresses stay readable in the table and in exports instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Adds an audit entry to the same unit of work as the change it describes.</summary>
    public static void Record(this IPortalDbContext db, Actor? actor, DateTimeOffset now, AuditAction action, string entityType, string entityId, Guid? deviceId, object? before, object? after) =>
        db.AuditEntries.Add(Entry(actor, now, action, entityType, entityId, deviceId, before, after));

    /// <summary>The entry for a change, for code that decides before anything is stored (the intake's decision).</summary>
    public static AuditEntry Entry(Actor? actor, DateTimeOffset now, AuditAction action, string entityType, string entityId, Guid? deviceId, object? before, object? after) =>
        new(
            now,
            actor?.UserId,
            actor?.Name ?? SystemActorName,
            action.Name,
            entityType,
            entityId,
            deviceId,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));
}
