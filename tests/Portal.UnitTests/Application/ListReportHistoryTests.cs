using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
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
            var page = (await Handler.HandleAsync(new ListReportHistoryQuery(After: cursor, PageSize: 3))).Value!;
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
        var customer = (await Handler.HandleAsync(new ListReportHistoryQuery())).Value!;
        _world.ActAsStaff();
        var staff = (await Handler.HandleAsync(new ListReportHistoryQuery())).Value!;

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

        var all = (await Handler.HandleAsync(new ListReportHistoryQuery())).Value!;
        var filteredToBeta = await Handler.HandleAsync(new ListReportHistoryQuery(DeviceId: beta.Id));

        Assert.Equal([mine.Id], all.Rows.Select(r => r.Id));
        Assert.Equal(ResultStatus.NotFound, filteredToBeta.Status);
    }

    [Fact]
    public async Task NobodySignedInIsRefused()
    {
        _world.ActAnonymously();

        var result = await Handler.HandleAsync(new ListReportHistoryQuery());

        Assert.Equal(ResultStatus.Forbidden, result.Status);
    }

    [Fact]
    public async Task FiltersByTypeJapanDateRangeAndMessageText()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var other = _world.AddDevice(_world.AlphaAccount, "alpha-02", ServiceStatus.Opened);
        var fan = new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "筐体ファン 3 停止");
        var disk = new ReportEvent(EventCategory.Disk, "DISK-0107", EventSeverity.Warning, "物理ディスク 2 予兆");

        // Japan midnight of 18 November is 15:00 UTC on the 17th.
        var beforeDay = _world.AddReport(device, new DateTimeOffset(2026, 11, 17, 14, 59, 59, TimeSpan.Zero), ReportType.Failure, fan);
        var dayStart = _world.AddReport(device, new DateTimeOffset(2026, 11, 17, 15, 0, 0, TimeSpan.Zero), ReportType.Failure, fan);
        var dayEnd = _world.AddReport(device, new DateTimeOffset(2026, 11, 18, 14, 59, 59, TimeSpan.Zero), ReportType.Failure, disk);
        _world.AddReport(device, new DateTimeOffset(2026, 11, 18, 15, 0, 0, TimeSpan.Zero), ReportType.Failure, fan);
        var periodic = _world.AddReport(device, new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero));
        var elsewhere = _world.AddReport(other, new DateTimeOffset(2026, 11, 18, 4, 0, 0, TimeSpan.Zero), ReportType.Failure, fan);
        _world.ActAs(_world.AlphaUser);
        var day = new DateOnly(2026, 11, 18);

        async Task<List<long>> Ids(ListReportHistoryQuery query) => [.. (await Handler.HandleAsync(query)).Value!.Rows.Select(r => r.Id)];

        Assert.Equal([dayEnd.Id, elsewhere.Id, periodic.Id, dayStart.Id], await Ids(new ListReportHistoryQuery(From: day, To: day)));
        Assert.Equal([dayEnd.Id, dayStart.Id], await Ids(new ListReportHistoryQuery(DeviceId: device.Id, Type: ReportType.Failure, From: day, To: day)));
        Assert.Equal([dayEnd.Id], await Ids(new ListReportHistoryQuery(Text: "ディスク")));
        Assert.Equal([dayEnd.Id], await Ids(new ListReportHistoryQuery(Text: "DISK-01")));
        Assert.Equal([beforeDay.Id], await Ids(new ListReportHistoryQuery(To: new DateOnly(2026, 11, 17))));
    }

    [Fact]
    public async Task OldestFirstPagesWalkEveryReportOnce()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var now = _world.Clock.GetUtcNow();
        var expected = Enumerable.Range(0, 7).Select(i => _world.AddReport(device, now.AddHours(-i)).Id)
            .Append(_world.AddReport(device, now.AddHours(-3)).Id)
            .ToList();
        _world.ActAs(_world.AlphaUser);

        var seen = new List<long>();
        ReportCursor? cursor = null;
        do
        {
            var page = (await Handler.HandleAsync(new ListReportHistoryQuery(After: cursor, PageSize: 3, OldestFirst: true))).Value!;
            seen.AddRange(page.Rows.Select(r => r.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(expected.Count, seen.Distinct().Count());
        Assert.Equal(expected[6], seen[0]);
    }

    [Fact]
    public async Task ACustomersDateRangeCannotReachBeyondOneYear()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        var old = _world.AddReport(device, _world.Clock.GetUtcNow().AddDays(-400));
        var query = new ListReportHistoryQuery(From: new DateOnly(2025, 1, 1));

        _world.ActAs(_world.AlphaAdmin);
        var customer = (await Handler.HandleAsync(query)).Value!.Rows;
        _world.ActAsStaff();
        var staff = (await Handler.HandleAsync(query)).Value!.Rows;

        Assert.Empty(customer);
        Assert.Equal(old.Id, Assert.Single(staff).Id);
    }

    [Theory]
    [InlineData("0001-01-01", "9999-12-31")]
    [InlineData("1999-12-31", "3000-01-01")]
    public async Task DatesNoDeviceCanHaveAreLeftOutOfTheFilterInsteadOfFailingThePageAndTheExport(string from, string to)
    {
        var query = ReportHistoryFilter.Parse(key => key switch { "from" => from, "to" => to, _ => null });

        Assert.Equal((null, null), (query.From, query.To));
        _world.ActAs(_world.AlphaAdmin);
        Assert.True((await new ListReportHistoryHandler(_world.Factory, _world.User, _world.Clock).HandleAsync(query)).IsOk);
        Assert.Equal(new DateOnly(2026, 11, 1), ReportHistoryFilter.Parse(key => key == "from" ? "2026-11-01" : null).From);
    }

    public void Dispose() => _world.Dispose();
}
