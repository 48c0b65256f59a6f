using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// The same event delivered by two gateways at once (different report ids) alerts the contacts once. On SQLite
/// the intake transaction holds the write lock from its first read, so the second is judged after the first is
/// stored; where two writers can judge at once (SQL Server), the registration's version check makes the later
/// one apply the rules again, which the second test forces.
/// </summary>
public sealed class ConcurrentIntakeTests : IDisposable
{
    private readonly CompetingWriter _competitor = new();
    private readonly World _world;

    public ConcurrentIntakeTests() => _world = new World(TestDatabase.FileBacked(_competitor));

    [Fact]
    public async Task TwoSimultaneousReportsOfOneEventAlertOnce()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);

        var answers = await Task.WhenAll(
            Task.Run(() => _world.ReceiveAsync("https-gateway", Report(device, "h-1"))),
            Task.Run(() => _world.ReceiveAsync("mail-gateway", Report(device, "m-1"))));

        Assert.Equal([IntakeOutcome.Recorded, IntakeOutcome.Suppressed], answers.Select(a => a.Outcome).Order(StringComparer.Ordinal));
        await using var db = _world.Database.CreateContext();
        Assert.Single(await db.CallTasks.ToListAsync());
        Assert.Equal([ReportHandling.ContactsNotified, ReportHandling.SuppressedRepeat], (await db.Reports.ToListAsync()).Select(r => r.Handling).Order());
    }

    [Fact]
    public async Task AReportJudgedOnARegistrationChangedMeanwhileIsJudgedAgain()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        _competitor.Armed = true;

        var answer = await _world.ReceiveAsync("https-gateway", Report(device, "h-1"));

        Assert.Equal(2, _competitor.Saves);
        Assert.Equal(IntakeOutcome.Recorded, answer.Outcome);
        await using var db = _world.Database.CreateContext();
        Assert.Single(await db.CallTasks.ToListAsync());
        Assert.Equal(ReportHandling.ContactsNotified, Assert.Single(await db.Reports.ToListAsync()).Handling);
    }

    private IntakeReport Report(Portal.Application.Domain.Devices.Device device, string id) =>
        new(id, IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "ファン停止"), ReportMeans.Https, ReportRoute.Agent);

    public void Dispose() => _world.Dispose();

    /// <summary>On the first save of a report, another writer moves the registration's version underneath it.</summary>
    private sealed class CompetingWriter : SaveChangesInterceptor
    {
        public bool Armed { get; set; }

        public int Saves { get; private set; }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<Report>().Any(e => e.State == EntityState.Added) && ++Saves == 1)
            {
                await eventData.Context.Database.ExecuteSqlRawAsync("UPDATE Registrations SET Version = Version + 1", cancellationToken);
            }

            return result;
        }
    }
}
