using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Portal.Application.Domain.Notifications;
using Portal.Infrastructure.Health;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>Readiness: the database takes writes, and alerts are getting out.</summary>
public sealed class HealthCheckTests : IDisposable
{
    private readonly World _world = new(TestDatabase.FileBacked());

    private static Task<HealthCheckResult> Run(IHealthCheck check) => check.CheckHealthAsync(new HealthCheckContext());

    private AlertLaneCheck AlertLane() =>
        new(_world.Factory, _world.Clock, Microsoft.Extensions.Options.Options.Create(new HealthOptions { AlertLaneMaxAgeMinutes = 10 }));

    private void Queue(MailLane lane)
    {
        using var db = _world.Database.CreateContext();
        db.Notifications.Add(new Notification(Guid.NewGuid(), lane == MailLane.Alert ? "FailureDetected" : "PeriodicOverdue", lane, "admin@alpha.example", "s", "b", "ja", null, _world.Clock.GetUtcNow()));
        db.SaveChanges();
    }

    [Fact]
    public async Task AWritableDatabaseIsReadyAndAReadOnlyOneIsNot()
    {
        Assert.Equal(HealthStatus.Healthy, (await Run(new DatabaseWritableCheck(_world.Factory))).Status);

        using var readOnly = TestDatabase.OpenExisting(_world.Database.FilePath!, SqliteOpenMode.ReadOnly);
        var result = await Run(new DatabaseWritableCheck(readOnly));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<SqliteException>(result.Exception);
    }

    [Fact]
    public async Task TheWriteCheckPassesWhereTheDatabaseRetriesTransientFailures()
    {
        // SQL Server in production: EF refuses a transaction begun outside its execution strategy.
        using var retrying = TestDatabase.RetryingOnFailure();

        Assert.Equal(HealthStatus.Healthy, (await Run(new DatabaseWritableCheck(retrying))).Status);
    }

    [Fact]
    public async Task AnAlertWaitingLongerThanTheLimitMakesTheInstanceNotReadyABulkNoticeDoesNot()
    {
        Queue(MailLane.Bulk);
        _world.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HealthStatus.Healthy, (await Run(AlertLane())).Status);

        Queue(MailLane.Alert);
        _world.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HealthStatus.Healthy, (await Run(AlertLane())).Status);

        _world.Clock.Advance(TimeSpan.FromMinutes(2));
        var late = await Run(AlertLane());
        Assert.Equal(HealthStatus.Unhealthy, late.Status);
        Assert.Equal(660d, late.Data["oldestAlertAgeSeconds"]);
    }

    public void Dispose() => _world.Dispose();
}
