using Portal.Application.Abstractions;

namespace Portal.UnitTests.Support;

/// <summary>The acting user, set by the test (pure stand-in for the web layer's authentication state).</summary>
public sealed class TestUser : ICurrentUser
{
    public Actor? Actor { get; set; }

    public Task<Actor?> GetActorAsync() => Task.FromResult(Actor);
}
