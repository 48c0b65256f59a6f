using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// SaveChanges for batch jobs on SQLite. EF prepares and runs one command per row; a job writing a few hundred
/// thousand rows spent most of its time there (the overdue bench: 23 s for 100,000 overdue devices, 60% in
/// SaveChanges). Here each kind of row (table, insert or update, columns) gets one prepared statement, re-bound
/// per row, with EF's own type mappings for the values and its concurrency tokens in the WHERE clause.
/// Handled: inserts and updates of plain rows, a row's owned parts in its own table (a report's event), and
/// rows pointing at rows inserted in the same save (a call task at its report: written after it, with its real
/// key). Anything else (deletes, complex types, database defaults or computed columns) is left to SaveChanges.
/// </summary>
internal static class SqliteBulkSave
{
    public static async Task<int?> TrySaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var changed = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var inserted = changed.Where(e => e.State == EntityState.Added).Select(e => e.Metadata).ToHashSet();
        if (changed.Count == 0 || ObservedByInterceptors(db) || !changed.All(e => Supported(e, inserted)))
        {
            return null;
        }

        // Owned parts (a report's event) are columns of their owner's row; rows others point at go first.
        var entries = changed.Where(e => !e.Metadata.IsOwned()).OrderBy(e => Rank(e.Metadata, inserted)).ToList();

        await db.Database.OpenConnectionAsync(cancellationToken);
        var commands = new Dictionary<string, (DbCommand Command, Column[] Set, IProperty[] Where, IProperty? Generated)>();
        var generatedKeys = new List<(EntityEntry Entry, IProperty Key, object? Value)>();
        var realKeys = new Dictionary<(IEntityType Type, object Temporary), object>();
        IDbContextTransaction? ownTransaction = null;
        var savepoint = false;
        try
        {
            // Inside the caller's transaction, a failure undoes only this save (as EF's SaveChanges does).
            if (db.Database.CurrentTransaction is { } outer)
            {
                await outer.CreateSavepointAsync(Savepoint, cancellationToken);
                savepoint = true;
            }
            else
            {
                ownTransaction = await db.Database.BeginTransactionAsync(cancellationToken);
            }

            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            foreach (var entry in entries)
            {
                var columns = entry.State == EntityState.Added
                    ? [.. entry.Metadata.GetProperties().Where(p => !IsGenerated(entry, p)).Select(p => new Column(p, null)),
                       .. OwnedParts(entry.Metadata).SelectMany(n => n.TargetEntityType.GetProperties().Where(p => !p.IsPrimaryKey()).Select(p => new Column(p, n)))]
                    : entry.Properties.Where(p => p.IsModified).Select(p => new Column(p.Metadata, null)).ToArray();
                var key = $"{entry.Metadata.Name}|{entry.State}|{string.Join(",", columns.Select(c => c.Property.Name))}";
                if (!commands.TryGetValue(key, out var statement))
                {
                    statement = Prepare(db.Database.GetDbConnection(), transaction, entry, columns);
                    commands[key] = statement;
                }

                var command = statement.Command;
                command.Parameters.Clear();
                var i = 0;
                foreach (var column in statement.Set)
                {
                    command.Parameters.Add(Parameter(command, $"@p{i++}", column.Property, ValueOf(entry, column, realKeys)));
                }

                foreach (var property in statement.Where)
                {
                    command.Parameters.Add(Parameter(command, $"@p{i++}", property, entry.Property(property.Name).OriginalValue));
                }

                try
                {
                    if (statement.Generated is { } generated)
                    {
                        var id = await command.ExecuteScalarAsync(cancellationToken);
                        var real = generated.GetRelationalTypeMapping().Converter is { } converter
                            ? converter.ConvertFromProvider(id)!
                            : Convert.ChangeType(id, generated.ClrType, System.Globalization.CultureInfo.InvariantCulture)!;
                        generatedKeys.Add((entry, generated, real));
                        realKeys[(entry.Metadata, entry.Property(generated.Name).CurrentValue!)] = real;
                    }
                    else if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
                    {
                        throw new DbUpdateConcurrencyException($"A {entry.Metadata.ClrType.Name} row was changed or removed meanwhile.");
                    }
                }
                catch (DbException exception)
                {
                    // What EF's SaveChanges would throw, so callers' handling of failed saves applies.
                    throw new DbUpdateException($"Saving a {entry.Metadata.ClrType.Name} row failed: {exception.Message}", exception);
                }
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }
            else if (savepoint)
            {
                await db.Database.CurrentTransaction!.ReleaseSavepointAsync(Savepoint, cancellationToken);
            }
        }
        catch when (savepoint)
        {
            await db.Database.CurrentTransaction!.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
            throw;
        }
        finally
        {
            foreach (var (command, _, _, _) in commands.Values)
            {
                await command.DisposeAsync();
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }

            await db.Database.CloseConnectionAsync();
        }

        // Only once everything is written: a failed save leaves the tracked rows as they were.
        var foreignKeys = entries
            .SelectMany(e => e.Metadata.GetForeignKeys().Where(fk => inserted.Contains(fk.PrincipalEntityType)).SelectMany(fk => fk.Properties).Select(p => (Entry: e, Property: p)))
            .Select(x => (x.Entry, x.Property, Value: x.Entry.Property(x.Property.Name).CurrentValue))
            .Where(x => x.Value is not null)
            .ToList();
        foreach (var (entry, key, value) in generatedKeys)
        {
            entry.Property(key.Name).CurrentValue = value;
            entry.Property(key.Name).IsTemporary = false;
        }

        foreach (var (entry, property, temporary) in foreignKeys)
        {
            var principal = property.GetContainingForeignKeys().First(fk => inserted.Contains(fk.PrincipalEntityType)).PrincipalEntityType;
            if (realKeys.TryGetValue((principal, temporary!), out var real))
            {
                entry.Property(property.Name).CurrentValue = real;
                entry.Property(property.Name).IsTemporary = false;
            }
        }

        db.ChangeTracker.AcceptAllChanges();
        return changed.Count;
    }

    private const string Savepoint = "portal_bulk_save";

    private static bool Supported(EntityEntry entry, HashSet<IEntityType> inserted)
    {
        var type = entry.Metadata;
        if (entry.State == EntityState.Deleted || type.GetComplexProperties().Any() || type.GetTableName() is null)
        {
            return false;
        }

        // An owned part is written with its owner's new row; changed on its own it is left to EF.
        if (type.IsOwned())
        {
            var ownership = type.FindOwnership()!;
            return entry.State == EntityState.Added && ownership.IsUnique && inserted.Contains(ownership.PrincipalEntityType)
                && type.GetTableName() == ownership.PrincipalEntityType.GetTableName() && WrittenAsIs(entry, type.GetProperties().Where(p => !p.IsPrimaryKey()));
        }

        if (type.GetNavigations().Any(n => n.TargetEntityType.IsOwned() && (n.IsCollection || n.TargetEntityType.GetTableName() != type.GetTableName())))
        {
            return false;
        }

        // Values the database computes (other than an inserted row's key) would have to be read back.
        if (type.GetProperties().Any(p => p.GetComputedColumnSql() is not null || p.ValueGenerated.HasFlag(ValueGenerated.OnUpdate)))
        {
            return false;
        }

        if (entry.State == EntityState.Modified)
        {
            // A null original token would need IS NULL; left to EF.
            return !entry.Properties.Any(p => (p.IsModified && p.Metadata.IsPrimaryKey()) || (p.Metadata.IsConcurrencyToken && p.OriginalValue is null));
        }

        // Inserted: nothing is left to a database default except the single generated key.
        return WrittenAsIs(entry, type.GetProperties().Where(p => !(p.IsPrimaryKey() && (entry.Property(p.Name).IsTemporary || p.ValueGenerated == ValueGenerated.Never))));
    }

    /// <summary>Interceptors watch SaveChanges; this path would pass them by, so it steps aside for them.</summary>
    private static bool ObservedByInterceptors(DbContext db) =>
        db.GetService<IDbContextOptions>().Extensions.OfType<CoreOptionsExtension>().Any(o => o.Interceptors?.Any(i => i is ISaveChangesInterceptor) == true);

    private static bool WrittenAsIs(EntityEntry entry, IEnumerable<IProperty> properties) =>
        properties.All(p => p.ValueGenerated == ValueGenerated.Never && p.GetDefaultValueSql() is null && !p.TryGetDefaultValue(out _));

    /// <summary>Rows of types other inserted rows point at come first (a report before its call task).</summary>
    private static int Rank(IEntityType type, HashSet<IEntityType> inserted, int depth = 0) =>
        depth > 8 ? depth : type.GetForeignKeys().Where(fk => fk.PrincipalEntityType != type && inserted.Contains(fk.PrincipalEntityType))
            .Select(fk => 1 + Rank(fk.PrincipalEntityType, inserted, depth + 1)).DefaultIfEmpty(0).Max();

    private static IEnumerable<INavigation> OwnedParts(IEntityType type) =>
        type.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && !n.IsCollection);

    private sealed record Column(IProperty Property, INavigation? Part);

    /// <summary>The value to write: an owned part's from its own entry (none when the part is null), and a
    /// foreign key to a row inserted earlier in this save as that row's real key.</summary>
    private static object? ValueOf(EntityEntry entry, Column column, Dictionary<(IEntityType Type, object Temporary), object> realKeys)
    {
        if (column.Part is { } part)
        {
            return entry.Reference(part.Name).TargetEntry?.Property(column.Property.Name).CurrentValue;
        }

        var value = entry.Property(column.Property.Name).CurrentValue;
        if (value is not null && column.Property.IsForeignKey())
        {
            foreach (var fk in column.Property.GetContainingForeignKeys())
            {
                if (realKeys.TryGetValue((fk.PrincipalEntityType, value), out var real))
                {
                    return real;
                }
            }
        }

        return value;
    }

    private static bool IsGenerated(EntityEntry entry, IProperty property) =>
        property.ValueGenerated != ValueGenerated.Never && entry.Property(property.Name).IsTemporary;

    private static (DbCommand, Column[], IProperty[], IProperty?) Prepare(DbConnection connection, DbTransaction transaction, EntityEntry entry, Column[] columns)
    {
        var type = entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Name(IProperty p) => $"\"{p.GetColumnName(table)}\"";
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        IProperty[] where = [];
        IProperty? generated = null;
        if (entry.State == EntityState.Added)
        {
            generated = type.GetProperties().FirstOrDefault(p => IsGenerated(entry, p));
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(c => Name(c.Property)))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})"
                + (generated is null ? string.Empty : $" RETURNING {Name(generated)}");
        }
        else
        {
            where = [.. type.FindPrimaryKey()!.Properties, .. type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey())];
            command.CommandText = $"UPDATE \"{table.Name}\" SET {string.Join(", ", columns.Select((c, i) => $"{Name(c.Property)} = @p{i}"))} WHERE {string.Join(" AND ", where.Select((c, i) => $"{Name(c)} = @p{columns.Length + i}"))}";
        }

        return (command, columns, where, generated);
    }

    private static DbParameter Parameter(DbCommand command, string name, IProperty property, object? value) =>
        property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable);
}
