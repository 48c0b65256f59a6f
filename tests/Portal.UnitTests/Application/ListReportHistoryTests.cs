using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Reports;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ListReportHistoryTests : IDisposable
{
    private readonly World _world = new();

    private ListReportHistoryHandler Handler => new(_world.Factory, _world.User, _world.Clock);

    [Fact]
    public async Task PagesWalkEveryReportOnceNewestFirst()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        // Two reports share a received time: the id breaks the tie, so none is skipped or repeated.
        var expected = Enumerable.Range(0, 7).Select(i => _world.AddReport(device, now.AddHours(-i)).Id)
            .Append(_world.AddReport(device, now.AddHours(-3)).Id)
            .ToList();
        _world.ActAs(_world.AlphaUser);

        var seen = new List<long>();
        ReportCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = (await Handler.HandleAsync(new ReportHistoryQuery(After: cursor, PageSize: 3))).Value!;
            seen.AddRange(page.Rows.Select(r => r.Id));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task CustomersSeeOneYearAndStaffSeeEverything()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        var recent = _world.AddReport(device, now.AddDays(-364));
        var old = _world.AddReport(device, now.AddDays(-366));

        _world.ActAs(_world.AlphaAdmin);
        var customer = (await Handler.HandleAsync(new ReportHistoryQuery())).Value!;
        _world.ActAsStaff();
        var staff = (await Handler.HandleAsync(new ReportHistoryQuery())).Value!;

        Assert.Equal([recent.Id], customer.Rows.Select(r => r.Id));
        Assert.Equal([recent.Id, old.Id], staff.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task AnotherCustomersReportsAreNeverListed()
    {
        var alpha = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var beta = _world.AddDevice(_world.BetaAccount, "beta-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        var mine = _world.AddReport(alpha, now.AddHours(-1));
        _world.AddReport(beta, now.AddHours(-2));
        _world.ActAs(_world.AlphaAdmin);

        var all = (await Handler.HandleAsync(new ReportHistoryQuery())).Value!;
        var filteredToBeta = (await Handler.HandleAsync(new ReportHistoryQuery(DeviceId: beta.Id))).Value!;

        Assert.Equal([mine.Id], all.Rows.Select(r => r.Id));
        Assert.Empty(filteredToBeta.Rows);
    }

    [Fact]
    public async Task NobodySignedInIsRefused()
    {
        _world.ActAnonymously();

        var result = await Handler.HandleAsync(new ReportHistoryQuery());

        Assert.Equal(ResultStatus.Forbidden, result.Status);
    }

    public void Dispose() => _world.Dispose();
}
