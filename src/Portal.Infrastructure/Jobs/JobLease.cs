using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Infrastructure.Persistence;

namespace Portal.Infrastructure.Jobs;

/// <summary>
/// One row per background job, shared by every instance on the database: who runs it now, until when, and when
/// it last ran. An instance takes a job in one UPDATE that only matches a row nobody holds (or whose holder let
/// the time run out) and that is due; every database serialises updates of one row, so two instances can never
/// both match it. The holder renews while it works; when it dies, the row is free once its time runs out.
/// </summary>
public sealed class JobLease
{
    public JobLease(string name) => Name = name;

    public string Name { get; private set; }

    public string? Holder { get; private set; }

    public DateTimeOffset? HeldUntil { get; private set; }

    /// <summary>When the last run that finished started; the next is due one interval later.</summary>
    public DateTimeOffset? LastRunAt { get; private set; }
}

internal sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        builder.ToTable("JobLeases");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(64);
        builder.Property(j => j.Holder).HasMaxLength(200);
    }
}

/// <summary>The statements on <see cref="JobLease"/> rows; each is one UPDATE (or INSERT) of one row.</summary>
internal static class JobLeases
{
    /// <summary>Adds the rows of jobs the database does not know yet; another instance adding one meanwhile is fine.</summary>
    public static async Task EnsureAsync(PortalDbContext db, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            if (await db.JobLeases.AnyAsync(j => j.Name == name, cancellationToken))
            {
                continue;
            }

            db.JobLeases.Add(new JobLease(name));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (!await db.JobLeases.AnyAsync(j => j.Name == name, cancellationToken))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Takes the job for <paramref name="holder"/> if nobody holds it and its interval has passed.</summary>
    public static async Task<bool> TryTakeAsync(PortalDbContext db, string name, string holder, DateTimeOffset now, TimeSpan lease, TimeSpan interval, CancellationToken cancellationToken)
    {
        var until = now + lease;
        var dueSince = now - interval;
        return await db.JobLeases
            .Where(j => j.Name == name && (j.HeldUntil == null || j.HeldUntil < now) && (j.LastRunAt == null || j.LastRunAt <= dueSince))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Holder, holder).SetProperty(j => j.HeldUntil, until), cancellationToken) == 1;
    }

    /// <summary>Extends the holder's time; false when the job is no longer its own (its time ran out and another took it).</summary>
    public static async Task<bool> RenewAsync(PortalDbContext db, string name, string holder, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var until = now + lease;
        return await db.JobLeases
            .Where(j => j.Name == name && j.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeldUntil, until), cancellationToken) == 1;
    }

    /// <summary>
    /// Frees the job if it is still the holder's, recording the run that started at <paramref name="ranAt"/>
    /// (null: a run cut short, due again at once).
    /// </summary>
    public static Task<int> ReleaseAsync(PortalDbContext db, string name, string holder, DateTimeOffset? ranAt, CancellationToken cancellationToken) =>
        db.JobLeases
            .Where(j => j.Name == name && j.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Holder, (string?)null).SetProperty(j => j.HeldUntil, (DateTimeOffset?)null).SetProperty(j => j.LastRunAt, j => ranAt ?? j.LastRunAt), cancellationToken);
}
