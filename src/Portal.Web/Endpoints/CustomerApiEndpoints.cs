using System.Globalization;
using Portal.Application.Common;
using Portal.Application.Domain.Customers;
using Portal.Application.Domain.Devices;
using Portal.Application.Domain.Maintenance;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Contacts;
using Portal.Application.Features.Devices;
using Portal.Application.Features.Maintenance;
using Portal.Application.Features.Reports;
using Portal.Application.Features.Tokens;
using Portal.Web.Security;

namespace Portal.Web.Endpoints;

/// <summary>
/// The customer API, version 1: what the portal's pages show a customer, for scripts and change-management tools,
/// through a personal access token. Each endpoint calls the same application handler as its page, as the token's
/// owner limited to the token's support IDs, so every rule and authorization check is the pages' own. Every call is
/// audited with the token's name and limited per token.
/// </summary>
internal static class CustomerApiEndpoints
{
    public static void MapCustomerApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1")
            .RequireAuthorization(ApiTokenAuthentication.ReadPolicy)
            .RequireRateLimiting(RateLimits.ApiPolicy)
            .AddEndpointFilter(AuditAsync)
            .WithTags("Customer API");

        api.MapGet("/devices", ListDevicesAsync).WithName("ListDevices").WithSummary("Devices of the token's support IDs, with status, heartbeat and attention marks.");
        api.MapGet("/devices/{id:guid}", GetDeviceAsync).WithName("GetDevice").WithSummary("One device with its registration and contacts.");
        api.MapGet("/devices/{id:guid}/timeline", GetTimelineAsync).WithName("GetDeviceTimeline").WithSummary("One device's timeline, newest first; pass next as before for the next page.");
        api.MapGet("/devices/{id:guid}/reports", GetReportsAsync).WithName("GetReportHistory").WithSummary("One device's report history, newest first, with the history page's filters; pass next as after for the next page.");
        api.MapGet("/devices/{id:guid}/contacts", GetContactsAsync).WithName("GetContacts").WithSummary("The device's contacts (1 is phoned first, both are mailed) and the members who may be chosen.");
        api.MapPut("/devices/{id:guid}/contacts", ChangeContactsAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("ChangeContacts").WithSummary("Chooses the device's contacts (administrators and deputies, once the service is opened).");
        api.MapPost("/applications", ApplyAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("Apply").WithSummary("Applies for the service for one or many devices of one support ID, all or none, with every reason to refuse named.");
        api.MapGet("/maintenance-windows", ListWindowsAsync).WithName("ListMaintenanceWindows").WithSummary("Maintenance windows not ended yet, soonest first.");
        api.MapPost("/maintenance-windows", ScheduleAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("ScheduleMaintenance").WithSummary("Announces one window for one or many devices: all are stored, or none, with an error per device that refused.");
        api.MapGet("/maintenance-windows/{id:guid}", GetWindowAsync).WithName("GetMaintenanceWindow").WithSummary("One window not ended yet, with its version as the ETag.");
        api.MapPut("/maintenance-windows/{id:guid}", ChangeWindowAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("ChangeMaintenanceWindow").WithSummary("Moves, shortens or extends a window; with If-Match, only if it is still at that version (else 412).");
        api.MapDelete("/maintenance-windows/{id:guid}", CancelWindowAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("CancelMaintenanceWindow").WithSummary("Cancels a window; with If-Match, only if it is still at that version (else 412).");
        api.MapPost("/maintenance-series", ScheduleSeriesAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("ScheduleMaintenanceSeries").WithSummary("Announces a recurring window (weekly, or monthly on the Nth weekday) for one or many devices; occurrences three days ahead or more are created at once, later ones by the centre.");
        api.MapDelete("/maintenance-series/{id:guid}", CancelSeriesAsync).RequireAuthorization(ApiTokenAuthentication.WritePolicy)
            .WithName("CancelMaintenanceSeries").WithSummary("Cancels a recurring window and its occurrences not yet started (a window's seriesId names it).");
    }

    private static async Task<IResult> ScheduleSeriesAsync(HttpContext http, IServiceProvider services, ApiScheduleSeries request, CancellationToken cancellationToken)
    {
        // Each of the three is required, and names its field when missing or unknown.
        var fields = new (string Field, bool Ok)[]
        {
            ("kind", ApiProblems.TryParse<RecurrenceKind>(request.Kind, out var kind) && kind is not null),
            ("dayOfWeek", ApiProblems.TryParse<DayOfWeek>(request.DayOfWeek, out var day) && day is not null),
            ("startTime", TimeOnly.TryParseExact(request.StartTime ?? string.Empty, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var startTime)),
        };
        Error[] missing = [.. fields.Where(f => !f.Ok).Select(f => new Error(ErrorCodes.RecurrenceInvalid, f.Field))];
        if (missing.Length > 0)
        {
            return ApiProblems.From(http, Result.Invalid(missing));
        }

        var handler = ActivatorUtilities.CreateInstance<ScheduleRecurringMaintenanceHandler>(services, new RequestUser(http));
        var scheduled = await handler.HandleAsync(
            new ScheduleRecurringMaintenanceCommand(request.DeviceIds ?? [], kind!.Value, request.Ordinal ?? 1, day!.Value, startTime, TimeSpan.FromMinutes(request.DurationMinutes), request.Reason),
            cancellationToken);
        if (!scheduled.IsOk)
        {
            // The rules name the form's fields; the caller is told the fields it sent.
            return ApiProblems.From(http, scheduled.Status == ResultStatus.Invalid
                ? Result.Invalid([.. scheduled.Errors.Select(e => e with { Field = e.Field switch { "Recurrence" => "ordinal", "EndsAt" => "durationMinutes", var f => f } })])
                : scheduled);
        }

        var series = scheduled.Value!;
        return TypedResults.Created(series.SeriesIds is [var only] ? $"/api/v1/maintenance-series/{only}" : "/api/v1/maintenance-series", new ApiScheduledSeries(series.Windows, series.SeriesIds));
    }

    private static async Task<IResult> CancelSeriesAsync(HttpContext http, IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var handler = ActivatorUtilities.CreateInstance<CancelMaintenanceSeriesHandler>(services, new RequestUser(http));
        var cancelled = await handler.HandleAsync(new CancelMaintenanceSeriesCommand(id), cancellationToken);
        return cancelled.IsOk ? TypedResults.NoContent() : ApiProblems.From(http, cancelled);
    }

    private static async Task<IResult> GetReportsAsync(
        HttpContext http,
        IServiceProvider services,
        Guid id,
        string? type = null,
        DateOnly? from = null,
        DateOnly? to = null,
        string? q = null,
        string? after = null,
        int pageSize = 50,
        CancellationToken cancellationToken = default)
    {
        var cursor = ApiReportCursor.Read(after);
        static bool Plausible(DateOnly? day) => day is not { } given || JapanTime.IsPlausibleDay(given);
        if (!ApiProblems.TryParse<ReportType>(type, out var reportType) | (!string.IsNullOrEmpty(after) && cursor is null) | !Plausible(from) | !Plausible(to))
        {
            return ApiProblems.UnknownValues(
                http,
                ("type", type, reportType),
                ("after", after, cursor),
                ("from", from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Plausible(from) ? from : null),
                ("to", to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Plausible(to) ? to : null));
        }

        var handler = ActivatorUtilities.CreateInstance<ListReportHistoryHandler>(services, new RequestUser(http));
        var page = await handler.HandleAsync(new ListReportHistoryQuery(id, cursor, Math.Clamp(pageSize, 1, ListReportHistoryHandler.MaxPageSize), reportType, from, to, q), cancellationToken);
        return page.IsOk
            ? TypedResults.Ok(new ApiReportPage([.. page.Value!.Rows.Select(ApiReport.From)], ApiReportCursor.Write(page.Value.Next)))
            : ApiProblems.From(http, page);
    }

    private static async Task<IResult> GetWindowAsync(HttpContext http, IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var handler = ActivatorUtilities.CreateInstance<ListMaintenanceWindowsHandler>(services, new RequestUser(http));
        var listed = await handler.HandleAsync(new ListMaintenanceWindowsQuery(WindowId: id), cancellationToken);
        if (!listed.IsOk)
        {
            return ApiProblems.From(http, listed);
        }

        if (listed.Value!.Windows is not [var window])
        {
            return ApiProblems.From(http, Result.NotFound());
        }

        http.Response.Headers.ETag = ETag(window.Version);
        return TypedResults.Ok(ApiMaintenanceWindow.From(window));
    }

    private static async Task<IResult> ChangeWindowAsync(HttpContext http, IServiceProvider services, Guid id, ApiChangeMaintenance request, CancellationToken cancellationToken)
    {
        if (!TryIfMatch(http, out var version))
        {
            return ApiProblems.From(http, Result.Conflict(ErrorCodes.StaleVersion));
        }

        var handler = ActivatorUtilities.CreateInstance<ChangeMaintenanceHandler>(services, new RequestUser(http));
        var changed = await handler.HandleAsync(new ChangeMaintenanceCommand(id, request.StartsAt, request.EndsAt, version), cancellationToken);
        return changed.IsOk ? TypedResults.NoContent() : ApiProblems.From(http, changed);
    }

    private static async Task<IResult> CancelWindowAsync(HttpContext http, IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        if (!TryIfMatch(http, out var version))
        {
            return ApiProblems.From(http, Result.Conflict(ErrorCodes.StaleVersion));
        }

        var handler = ActivatorUtilities.CreateInstance<CancelMaintenanceHandler>(services, new RequestUser(http));
        var cancelled = await handler.HandleAsync(new CancelMaintenanceCommand(id, version), cancellationToken);
        return cancelled.IsOk ? TypedResults.NoContent() : ApiProblems.From(http, cancelled);
    }

    private static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version an If-Match names (null without one, or for "*"); false when it names none a window can have.</summary>
    private static bool TryIfMatch(HttpContext http, out int? version)
    {
        version = null;
        var header = http.Request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return true;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && int.TryParse(tag[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            version = parsed;
            return true;
        }

        return false;
    }

    private static async Task<IResult> GetContactsAsync(HttpContext http, IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var handler = ActivatorUtilities.CreateInstance<GetContactsEditorHandler>(services, new RequestUser(http));
        var editor = await handler.HandleAsync(new GetContactsEditorQuery(id), cancellationToken);
        if (!editor.IsOk)
        {
            return ApiProblems.From(http, editor);
        }

        var e = editor.Value!;
        return TypedResults.Ok(new ApiContacts(
            [.. e.Devices.SelectMany(d => d.Contacts).Select(ApiContact.From)],
            [.. e.Candidates.Select(c => new ApiContactCandidate(c.UserId, c.Name, c.Affiliation, c.Phone, c.Email, c.Role))],
            e.CanEdit,
            e.RefusalCode is { } refusal ? ApiProblems.Code(refusal) : null));
    }

    private static async Task<IResult> ChangeContactsAsync(HttpContext http, IServiceProvider services, Guid id, ApiChangeContacts request, CancellationToken cancellationToken)
    {
        var handler = ActivatorUtilities.CreateInstance<ChangeContactsHandler>(services, new RequestUser(http));
        var changed = await handler.HandleAsync(
            new ChangeContactsCommand([id], request.Contact1 is { } first ? new ContactRequest(first.UserId, first.ReachableHours) : null, request.Contact2 is { } second ? new ContactRequest(second.UserId, second.ReachableHours) : null),
            cancellationToken);
        return changed.IsOk ? TypedResults.NoContent() : ApiProblems.From(http, changed);
    }

    private static async Task<IResult> ApplyAsync(HttpContext http, IServiceProvider services, ApiApply request, CancellationToken cancellationToken)
    {
        if (request.Contact1 is not { } first)
        {
            return ApiProblems.From(http, Result.Invalid(ErrorCodes.ContactRequired, "contact1"));
        }

        var handler = ActivatorUtilities.CreateInstance<ApplyForServiceHandler>(services, new RequestUser(http));
        var applied = await handler.HandleAsync(
            new ApplyForServiceCommand(request.SupportAccountId, request.DeviceIds ?? [], new ContactRequest(first.UserId, first.ReachableHours), request.Contact2 is { } second ? new ContactRequest(second.UserId, second.ReachableHours) : null),
            cancellationToken);
        return applied.IsOk ? TypedResults.Created("/api/v1/devices", new ApiApplied(applied.Value!.DeviceIds, applied.Value.Accepted)) : ApiProblems.From(http, applied);
    }

    private static async Task<IResult> ListWindowsAsync(HttpContext http, IServiceProvider services, Guid? deviceId = null, CancellationToken cancellationToken = default)
    {
        var handler = ActivatorUtilities.CreateInstance<ListMaintenanceWindowsHandler>(services, new RequestUser(http));
        var listed = await handler.HandleAsync(new ListMaintenanceWindowsQuery(deviceId), cancellationToken);
        return listed.IsOk
            ? TypedResults.Ok(listed.Value!.Windows.Select(ApiMaintenanceWindow.From).ToList())
            : ApiProblems.From(http, listed);
    }

    private static async Task<IResult> ScheduleAsync(HttpContext http, IServiceProvider services, ApiScheduleMaintenance request, CancellationToken cancellationToken)
    {
        var handler = ActivatorUtilities.CreateInstance<ScheduleMaintenanceHandler>(services, new RequestUser(http));
        var scheduled = await handler.HandleAsync(new ScheduleMaintenanceCommand(request.DeviceIds ?? [], request.StartsAt, request.EndsAt, request.Reason), cancellationToken);
        return scheduled.IsOk ? TypedResults.Created("/api/v1/maintenance-windows", new ApiScheduled(scheduled.Value)) : ApiProblems.From(http, scheduled);
    }

    private static async Task<IResult> ListDevicesAsync(
        HttpContext http,
        IServiceProvider services,
        string? q = null,
        string? status = null,
        string? heartbeat = null,
        string? mark = null,
        string? after = null,
        int pageSize = ListMyDevicesQuery.DefaultPageSize,
        CancellationToken cancellationToken = default)
    {
        // Filters are the names the answers use (camelCase), in any case; an unknown one is a 400 naming it.
        if (!ApiProblems.TryParse<ServiceStatus>(status, out var statusFilter) | !ApiProblems.TryParse<HeartbeatState>(heartbeat, out var heartbeatFilter) | !ApiProblems.TryParse<AttentionMark>(mark, out var markFilter))
        {
            return ApiProblems.UnknownValues(http, ("status", status, statusFilter), ("heartbeat", heartbeat, heartbeatFilter), ("mark", mark, markFilter));
        }

        var cursor = string.IsNullOrEmpty(after) ? null : ApiCursor.Read(after);
        if (!string.IsNullOrEmpty(after) && cursor is null)
        {
            return ApiProblems.UnknownValues(http, ("after", after, null));
        }

        var size = Math.Clamp(pageSize, 1, ListMyDevicesQuery.MaxPageSize);
        var handler = ActivatorUtilities.CreateInstance<ListMyDevicesHandler>(services, new RequestUser(http));
        var listed = await handler.HandleAsync(new ListMyDevicesQuery(q, statusFilter, PageSize: size, Heartbeat: heartbeatFilter, Mark: markFilter, WithoutCounts: true, After: cursor), cancellationToken);
        if (!listed.IsOk)
        {
            return ApiProblems.From(http, listed);
        }

        var result = listed.Value!;
        var last = result.Rows.Count == size ? result.Rows[^1] : null;
        return TypedResults.Ok(new ApiDeviceList(
            [.. result.Rows.Select(ApiDevice.From)],
            result.Matching,
            last is null ? null : ApiCursor.Write(new DeviceCursor(last.SupportId, last.DeviceManagementNumber))));
    }

    private static async Task<IResult> GetDeviceAsync(HttpContext http, IServiceProvider services, Guid id, CancellationToken cancellationToken)
    {
        var handler = ActivatorUtilities.CreateInstance<GetDeviceDetailHandler>(services, new RequestUser(http));
        var found = await handler.HandleAsync(new GetDeviceDetailQuery(id), cancellationToken);
        return found.IsOk ? TypedResults.Ok(ApiDeviceDetail.From(found.Value!)) : ApiProblems.From(http, found);
    }

    /// <summary>The page's own filters (<c>kind</c>, repeated; <c>from</c>, <c>to</c>; <c>before</c>, the cursor), and up to 200 entries a page.</summary>
    private static async Task<IResult> GetTimelineAsync(HttpContext http, IServiceProvider services, Guid id, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        var query = GetDeviceTimelineQuery.Parse(id, key => http.Request.Query.TryGetValue(key, out var values) ? [.. values.OfType<string>()] : [])
            with { PageSize = Math.Clamp(pageSize, 1, GetDeviceTimelineHandler.MaxPageSize) };
        var handler = ActivatorUtilities.CreateInstance<GetDeviceTimelineHandler>(services, new RequestUser(http));
        var page = await handler.HandleAsync(query, cancellationToken);
        return page.IsOk
            ? TypedResults.Ok(new ApiTimelinePage(page.Value!.Entries, page.Value.Next?.UtcTicks))
            : ApiProblems.From(http, page);
    }

    /// <summary>Each call through a token is an audit entry: the token's name, the method, the path and the answer's status.</summary>
    private static async ValueTask<object?> AuditAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        await ActivatorUtilities.CreateInstance<RecordTokenUseHandler>(http.RequestServices, new RequestUser(http))
            .HandleAsync(new RecordTokenUseCommand(http.Request.Method, http.Request.Path.Value ?? string.Empty, status), CancellationToken.None);
        return result;
    }
}

public sealed record ApiHeartbeat(HeartbeatState State, DateOnly NextExpectedOn, DateTimeOffset? LastContactAt, DateOnly? OverdueSince, int MissedPeriods)
{
    public static ApiHeartbeat? From(Heartbeat? heartbeat) =>
        heartbeat is null ? null : new(heartbeat.State, heartbeat.NextExpectedOn, heartbeat.LastContactAt, heartbeat.OverdueSince, heartbeat.MissedPeriods);
}

/// <param name="At">When the mark's moment is (a key usable from), in UTC.</param>
/// <param name="On">The day it is about (a contract's end), a Japan date.</param>
public sealed record ApiMark(AttentionMark Mark, DateTimeOffset? At, DateOnly? On);

public sealed record ApiDevice(
    Guid Id,
    string ManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string HostName,
    string SupportId,
    ServiceStatus Status,
    ContractType ContractType,
    DateOnly? ContractValidUntil,
    ApiHeartbeat? Heartbeat,
    IReadOnlyList<ApiMark> Marks)
{
    public static ApiDevice From(DeviceSummary d) => new(
        d.Id, d.DeviceManagementNumber, d.ModelNumber, d.SerialNumber, d.HostName, d.SupportId, d.Status, d.ContractType, d.ValidUntil,
        ApiHeartbeat.From(d.Heartbeat), [.. (d.Marks ?? []).Select(m => new ApiMark(m.Mark, m.At, m.On))]);
}

/// <param name="Total">Devices that match the filters, on every page.</param>
/// <param name="Next">Pass as <c>after</c> for the next page; null on the last one.</param>
public sealed record ApiDeviceList(IReadOnlyList<ApiDevice> Items, int Total, string? Next);

/// <summary>A report history page's position: the last row's receipt time (UTC ticks) and id, both numbers.</summary>
internal static class ApiReportCursor
{
    public static string? Write(ReportCursor? cursor) => cursor is null ? null : $"{cursor.ReceivedAt.UtcTicks}.{cursor.Id}";

    public static ReportCursor? Read(string? text) =>
        text?.Split('.') is [var ticks, var id] && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? new ReportCursor(new DateTimeOffset(t, TimeSpan.Zero), i)
            : null;
}

/// <summary>The device list's keyset cursor as one opaque text: base64url of the last row's support ID and management number.</summary>
internal static class ApiCursor
{
    // JSON, not a separator: a management number may hold any character.
    public static string Write(DeviceCursor cursor) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new[] { cursor.SupportId, cursor.DeviceManagementNumber }));

    public static DeviceCursor? Read(string text)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(text)) is [{ Length: > 0 } supportId, { Length: > 0 } number]
                ? new DeviceCursor(supportId, number)
                : null;
        }
        catch (Exception exception) when (exception is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

public sealed record ApiContact(int Priority, Guid UserId, string Name, string Email, string Phone, string Affiliation, string? ReachableHours, bool StillMember)
{
    public static ApiContact From(ContactView c) => new(c.Priority, c.UserId, c.Name, c.Email, c.Phone, c.Affiliation, c.ReachableHours, c.StillMember);
}

public sealed record ApiContactCandidate(Guid UserId, string Name, string Affiliation, string Phone, string Email, MemberRole Role);

/// <param name="CanChange">Whether this token may change them now; otherwise <paramref name="Refusal"/> says why.</param>
public sealed record ApiContacts(IReadOnlyList<ApiContact> Contacts, IReadOnlyList<ApiContactCandidate> Candidates, bool CanChange, string? Refusal);

/// <param name="UserId">A member of the device's support ID (see the candidates).</param>
/// <param name="ReachableHours">When the person can be phoned, in their words.</param>
public sealed record ApiContactChoice(Guid UserId, string? ReachableHours);

/// <param name="Contact1">Phoned first and mailed.</param>
/// <param name="Contact2">Mailed too; null for none.</param>
public sealed record ApiChangeContacts(ApiContactChoice? Contact1, ApiContactChoice? Contact2);

/// <param name="SupportAccountId">The devices' support ID, as each device's detail gives it.</param>
/// <param name="Contact1">Phoned first and mailed; a member of the support ID.</param>
public sealed record ApiApply(Guid SupportAccountId, IReadOnlyList<Guid>? DeviceIds, ApiContactChoice? Contact1, ApiContactChoice? Contact2);

/// <param name="Accepted">Whether the centre accepted at once (automatic acceptance); otherwise staff decide.</param>
public sealed record ApiApplied(IReadOnlyList<Guid> DeviceIds, bool Accepted);

/// <summary>The registration without its key: the key opens the device and is shown only on the portal's page.</summary>
public sealed record ApiRegistration(
    ServiceStatus Status,
    DateTimeOffset? AppliedAt,
    DateTimeOffset? KeyIssuedAt,
    DateTimeOffset? OpeningPossibleFrom,
    DateTimeOffset? OpenedAt,
    DateTimeOffset? OpeningLockedAt,
    DateOnly? NextPeriodicDueOn,
    DateOnly? PeriodicOverdueSince,
    DateTimeOffset? EndRequestedAt,
    IReadOnlyList<ApiContact> Contacts);

public sealed record ApiDeviceDetail(
    Guid Id,
    string ManagementNumber,
    string ModelNumber,
    string SerialNumber,
    string HostName,
    string SupportId,
    ContractType ContractType,
    DateOnly? ContractValidUntil,
    ApiRegistration Registration,
    ApiHeartbeat? Heartbeat,
    Guid SupportAccountId)
{
    public static ApiDeviceDetail From(DeviceDetail d)
    {
        var r = d.Registration;
        return new(
            d.Id, d.DeviceManagementNumber, d.ModelNumber, d.SerialNumber, d.HostName, d.SupportId, d.Contract.Type, d.Contract.ValidUntil,
            new ApiRegistration(
                r.Status, r.AppliedAt, r.KeyIssuedAt, r.OpeningPossibleFrom, r.OpenedAt, r.OpeningLockedAt, r.NextPeriodicDueOn, r.PeriodicOverdueSince, r.EndRequestedAt,
                [.. r.Contacts.Select(ApiContact.From)]),
            ApiHeartbeat.From(d.Heartbeat),
            d.SupportAccountId);
    }
}

/// <param name="Next">The cursor of the next (older) page, to pass as <c>before</c>; null at the end.</param>
public sealed record ApiTimelinePage(IReadOnlyList<TimelineEntry> Entries, long? Next);

/// <param name="DeviceIds">One or many devices, each opened and of a support ID the token's owner administers or deputises for.</param>
/// <param name="StartsAt">At least three days (72 hours) ahead, as in the portal.</param>
/// <param name="EndsAt">After the start, at most 14 days later.</param>
public sealed record ApiScheduleMaintenance(IReadOnlyList<Guid>? DeviceIds, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Reason);

/// <param name="Created">How many windows were stored: one per device.</param>
public sealed record ApiScheduled(int Created);

/// <param name="Version">Bumped by every change; the window's ETag is this number in quotes, for If-Match.</param>
public sealed record ApiMaintenanceWindow(Guid Id, Guid DeviceId, string ManagementNumber, string HostName, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason, Guid? SeriesId, int Version)
{
    public static ApiMaintenanceWindow From(MaintenanceWindowRow w) => new(w.Id, w.DeviceId, w.DeviceManagementNumber, w.HostName, w.StartsAt, w.EndsAt, w.Reason, w.SeriesId, w.Version);
}

public sealed record ApiChangeMaintenance(DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <param name="Kind">weekly, or monthlyNthWeekday.</param>
/// <param name="Ordinal">For monthlyNthWeekday: the 1st to 4th weekday of the month, or 5 for the last.</param>
/// <param name="DayOfWeek">monday … sunday.</param>
/// <param name="StartTime">HH:mm, Japan time.</param>
/// <param name="DurationMinutes">At most 14 days, as for one window.</param>
public sealed record ApiScheduleSeries(IReadOnlyList<Guid>? DeviceIds, string? Kind, int? Ordinal, string? DayOfWeek, string? StartTime, int DurationMinutes, string? Reason);

/// <param name="Windows">Occurrences created at once (three days ahead or more); later ones come with the centre's job.</param>
/// <param name="SeriesIds">One series per device, in the order given: each is cancelled with DELETE /api/v1/maintenance-series/{id}.</param>
public sealed record ApiScheduledSeries(int Windows, IReadOnlyList<Guid> SeriesIds);

/// <param name="Message">The event's message as the device sent it (null for reports without an event).</param>
public sealed record ApiReport(long Id, ReportType Type, DateTimeOffset OccurredAt, DateTimeOffset ReceivedAt, string HostName, EventCategory? Category, EventSeverity? Severity, string? Message, ReportHandling Handling)
{
    public static ApiReport From(ReportRow r) => new(r.Id, r.Type, r.OccurredAt, r.ReceivedAt, r.HostName, r.Category, r.Severity, r.Message, r.Handling);
}

/// <param name="Next">The cursor of the next (older) page, to pass as <c>after</c>; null at the end.</param>
public sealed record ApiReportPage(IReadOnlyList<ApiReport> Reports, string? Next);
