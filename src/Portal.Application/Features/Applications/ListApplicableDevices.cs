using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Application.Features.Applications;

/// <param name="Search">Part of a management number, model, serial or host name, in any case.</param>
/// <param name="Page">Zero-based; past the last page means the last page.</param>
public sealed record ApplicableDevicesQuery(Guid SupportAccountId, string? Search = null, int Page = 0, int PageSize = ApplicableDevicesQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
}

public sealed record DeviceOptionPage(IReadOnlyList<DeviceOption> Rows, int Matching, int Page, int PageSize)
{
    public int LastPage => Matching == 0 ? 0 : (Matching - 1) / PageSize;
}

/// <summary>
/// The application wizard's device picker: one page of a support ID's devices that may be applied for, each with
/// its eligibility. The database searches, counts and pages, so a support ID of 20,000 new servers costs the
/// wizard one page of rows.
/// </summary>
public sealed class ListApplicableDevicesHandler(IPortalDbContextFactory dbFactory, ICurrentUser currentUser, TimeProvider clock)
{
    public async Task<Result<DeviceOptionPage>> HandleAsync(ApplicableDevicesQuery query, CancellationToken cancellationToken = default)
    {
        if (await currentUser.GetActorAsync() is not { } actor)
        {
            return Result.Forbidden(ErrorCodes.NotSignedIn).As<DeviceOptionPage>();
        }

        await using var db = dbFactory.Create();
        if (!await GetApplicationFormHandler.ManagedAccounts(db, actor.UserId).AnyAsync(a => a.Id == query.SupportAccountId, cancellationToken))
        {
            return Result.Forbidden(ErrorCodes.ApplyRequiresAdministrator).As<DeviceOptionPage>();
        }

        var devices = GetApplicationFormHandler.Applicable(db, [query.SupportAccountId]);
        if (query.Search?.Trim() is { Length: > 0 } term)
        {
            var pattern = LikePattern.Containing(term);
            devices = devices.Where(d =>
                EF.Functions.Like(d.DeviceManagementNumber, pattern, LikePattern.Escape)
                || EF.Functions.Like(d.ModelNumber, pattern, LikePattern.Escape)
                || EF.Functions.Like(d.SerialNumber, pattern, LikePattern.Escape)
                || EF.Functions.Like(d.HostName, pattern, LikePattern.Escape));
        }

        var count = await devices.CountAsync(cancellationToken);
        var size = Math.Clamp(query.PageSize, 1, ApplicableDevicesQuery.MaxPageSize);
        var page = Math.Clamp(query.Page, 0, count == 0 ? 0 : (count - 1) / size);
        var rows = await devices
            .OrderBy(d => d.DeviceManagementNumber)
            .ThenBy(d => d.Id)
            .Skip(page * size)
            .Take(size)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var today = JapanTime.Today(clock);
        return new DeviceOptionPage([.. rows.Select(d => GetApplicationFormHandler.Option(d, today))], count, page, size);
    }
}
