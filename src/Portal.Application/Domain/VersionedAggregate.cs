namespace Portal.Application.Domain;

/// <summary>
/// An aggregate two people can change at once (two tabs, two staff members, a double click). Every change calls
/// <see cref="Changed"/>, and the store checks <see cref="Version"/> on save (configured once, for every subclass,
/// by the context), so the second of two concurrent changes is refused instead of applied over the first.
/// </summary>
public abstract class VersionedAggregate
{
    /// <summary>Bumped by every change; what a form or an API client names as the version it saw (ETag, ifVersion).</summary>
    public int Version { get; private set; }

    protected void Changed() => Version++;
}
