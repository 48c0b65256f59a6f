using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Profile;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

public sealed class ChangePreferredCultureTests : IDisposable
{
    private readonly World _world = new();

    private ChangePreferredCultureHandler Handler => new(_world.Factory, _world.User, _world.Clock);

    [Fact]
    public async Task TheChoiceIsStoredOnTheProfileAndAudited()
    {
        _world.ActAs(_world.AlphaUser);

        var result = await Handler.HandleAsync(new("en"));

        Assert.True(result.IsOk);
        await using var db = _world.Database.CreateContext();
        Assert.Equal("en", (await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaUser.Id)).PreferredCulture);
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("ChangePreferredCulture", _world.AlphaUser.Id, World.Start), (audit.Action, audit.ActorUserId!.Value, audit.At));
        Assert.Contains("\"ja\"", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"en\"", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsupportedLanguageIsRefusedAndNothingChanges()
    {
        _world.ActAs(_world.AlphaUser);

        var result = await Handler.HandleAsync(new("fr"));

        Assert.Equal(ResultStatus.Invalid, result.Status);
        Assert.Equal(ErrorCodes.UnsupportedCulture, result.Errors[0].Code);
        await using var db = _world.Database.CreateContext();
        Assert.Equal("ja", (await db.UserProfiles.SingleAsync(p => p.Id == _world.AlphaUser.Id)).PreferredCulture);
        Assert.False(await db.AuditEntries.AnyAsync());
    }

    [Fact]
    public async Task NobodySignedInIsRefused()
    {
        _world.ActAnonymously();

        Assert.Equal(ResultStatus.Forbidden, (await Handler.HandleAsync(new("en"))).Status);
    }

    public void Dispose() => _world.Dispose();
}
