using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Domain.Registrations;
using Portal.Application.Features.Applications;
using Portal.Application.Features.Contacts;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>
/// Two tabs or a double click: two applications for one device really run at once (separate connections
/// to one database file), both having read "not applied" before either saves.
/// </summary>
public sealed class ConcurrentApplyTests : IDisposable
{
    private readonly SaveBarrier _barrier = new();
    private readonly World _world;

    public ConcurrentApplyTests() => _world = new World(TestDatabase.FileBacked(_barrier));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TwoSimultaneousApplicationsForOneDeviceYieldOne(bool registrationRowExists)
    {
        var device = _world.AddDevice(_world.AlphaAccount, "alpha-01", withRegistration: registrationRowExists);
        var command = new ApplyForServiceCommand(_world.AlphaAccount.Id, [device.Id], new ContactRequest(_world.AlphaAdmin.Id, null), null);
        _barrier.Arm(participants: 2);

        var results = await Task.WhenAll(
            Task.Run(() => HandlerActingAs(_world.AlphaAdmin.Id).HandleAsync(command)),
            Task.Run(() => HandlerActingAs(_world.AlphaDeputy.Id).HandleAsync(command)));

        Assert.True(_barrier.BothArrived, "the two saves did not overlap");
        Assert.Single(results, r => r.IsOk);
        var refused = Assert.Single(results, r => !r.IsOk);
        Assert.Equal((ResultStatus.Conflict, ErrorCodes.AlreadyApplied), (refused.Status, refused.Errors[0].Code));
        await using var db = _world.Database.CreateContext();
        var registration = await db.Registrations.Include(r => r.History).SingleAsync(r => r.DeviceId == device.Id);
        Assert.Equal(ServiceStatus.Applied, registration.Status);
        Assert.Single(registration.History);
        Assert.Single(await db.AuditEntries.Where(a => a.Action == "Apply").ToListAsync());
    }

    private ApplyForServiceHandler HandlerActingAs(Guid userId)
    {
        var person = userId == _world.AlphaAdmin.Id ? _world.AlphaAdmin : _world.AlphaDeputy;
        var user = new TestUser { Actor = new Actor(person.Id, person.Name, IsStaff: false) };
        return new ApplyForServiceHandler(_world.Factory, user, _world.Clock, new KeyCodeIssuer(), Options.Create(new AcceptanceOptions()));
    }

    public void Dispose()
    {
        _world.Dispose();
        _barrier.Dispose();
    }

    /// <summary>Holds each armed save until every participant has reached its own save.</summary>
    private sealed class SaveBarrier : SaveChangesInterceptor, IDisposable
    {
        private Barrier? _barrier;

        public bool BothArrived { get; private set; } = true;

        public void Arm(int participants) => _barrier = new Barrier(participants);

        public void Dispose() => _barrier?.Dispose();

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (_barrier is { } barrier && eventData.Context!.ChangeTracker.Entries<ServiceRegistration>().Any())
            {
                var arrived = await Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(10)), cancellationToken);
                BothArrived &= arrived;
            }

            return result;
        }
    }
}
