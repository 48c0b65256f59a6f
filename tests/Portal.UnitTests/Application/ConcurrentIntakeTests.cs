using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Portal.Application.Domain.Registrations;
using Portal.Application.Domain.Reports;
using Portal.Application.Features.Intake;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// The same event delivered by two gateways at once (different report ids): both are judged before either
/// is stored, and still only one alerts the contacts.
/// </summary>
public sealed class ConcurrentIntakeTests : IDisposable
{
    private readonly ReportSaveBarrier _barrier = new();
    private readonly World _world;

    public ConcurrentIntakeTests() => _world = new World(TestDatabase.FileBacked(_barrier));

    [Fact]
    public async Task TwoSimultaneousReportsOfOneEventAlertOnce()
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", ServiceStatus.Opened);
        IntakeReport Report(string id) => new(id, IntakeType.Failure, device.ModelNumber, device.SerialNumber, null, null, _world.Clock.GetUtcNow(), null,
            new ReportEvent(EventCategory.Fan, "FAN-0012", EventSeverity.Critical, "ファン停止"), ReportMeans.Https, ReportRoute.Agent);
        _barrier.Arm(participants: 2);

        var answers = await Task.WhenAll(
            Task.Run(() => new ReceiveReportHandler(_world.Factory, _world.Clock).HandleAsync("https-gateway", Report("h-1"))),
            Task.Run(() => new ReceiveReportHandler(_world.Factory, _world.Clock).HandleAsync("mail-gateway", Report("m-1"))));

        Assert.True(_barrier.AllArrived, "the two saves did not overlap");
        Assert.Equal([IntakeOutcome.Recorded, IntakeOutcome.Suppressed], answers.Select(a => a.Outcome).Order(StringComparer.Ordinal));
        await using var db = _world.Database.CreateContext();
        Assert.Single(await db.CallTasks.ToListAsync());
        Assert.Equal([ReportHandling.ContactsNotified, ReportHandling.SuppressedRepeat], (await db.Reports.ToListAsync()).Select(r => r.Handling).Order());
    }

    public void Dispose()
    {
        _world.Dispose();
        _barrier.Dispose();
    }

    /// <summary>Holds the first save of each armed intake until both have reached it.</summary>
    private sealed class ReportSaveBarrier : SaveChangesInterceptor, IDisposable
    {
        private Barrier? _barrier;
        private int _participants;
        private int _arrivals;

        public bool AllArrived { get; private set; } = true;

        public void Arm(int participants) => (_barrier, _participants) = (new Barrier(participants), participants);

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            // Only the first save of each delivery waits; the loser's second attempt goes straight through.
            if (_barrier is { } barrier && eventData.Context!.ChangeTracker.Entries<Report>().Any(e => e.State == EntityState.Added) && Interlocked.Increment(ref _arrivals) <= _participants)
            {
                AllArrived &= await Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(10)), cancellationToken);
            }

            return result;
        }

        public void Dispose() => _barrier?.Dispose();
    }
}
