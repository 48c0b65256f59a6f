using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Infrastructure.Persistence;

/// <summary>
/// SaveChanges for batch jobs on SQLite. EF prepares and runs one command per row; a job writing a few hundred
/// thousand rows spent most of its time there (the overdue bench: 23 s for 100,000 overdue devices, 60% in
/// SaveChanges). Here each kind of row (table, insert or update, columns) gets one prepared statement, re-bound
/// per row, with EF's own type mappings for the values and its concurrency tokens in the WHERE clause.
/// Only plain rows are handled (no deletes, owned or complex types, or inserted rows others point at); anything
/// else is left to EF's SaveChanges.
/// </summary>
internal static class SqliteBulkSave
{
    public static async Task<int?> TrySaveAsync(DbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        var inserted = entries.Where(e => e.State == EntityState.Added).Select(e => e.Metadata).ToHashSet();
        if (entries.Count == 0 || !entries.All(e => Supported(e, inserted)))
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var commands = new Dictionary<string, (DbCommand Command, IProperty[] Set, IProperty[] Where, IProperty? Generated)>();
        var generatedKeys = new List<(EntityEntry Entry, IProperty Key, object? Value)>();
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
                    ? [.. entry.Metadata.GetProperties().Where(p => !IsGenerated(entry, p))]
                    : entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata).ToArray();
                var key = $"{entry.Metadata.Name}|{entry.State}|{string.Join(",", columns.Select(c => c.Name))}";
                if (!commands.TryGetValue(key, out var statement))
                {
                    statement = Prepare(db.Database.GetDbConnection(), transaction, entry, columns);
                    commands[key] = statement;
                }

                var command = statement.Command;
                command.Parameters.Clear();
                var i = 0;
                foreach (var property in statement.Set)
                {
                    command.Parameters.Add(Parameter(command, $"@p{i++}", property, entry.Property(property.Name).CurrentValue));
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
                        generatedKeys.Add((entry, generated, generated.GetRelationalTypeMapping().Converter is { } converter
                            ? converter.ConvertFromProvider(id)
                            : Convert.ChangeType(id, generated.ClrType, System.Globalization.CultureInfo.InvariantCulture)));
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
        foreach (var (entry, key, value) in generatedKeys)
        {
            entry.Property(key.Name).CurrentValue = value;
            entry.Property(key.Name).IsTemporary = false;
        }

        db.ChangeTracker.AcceptAllChanges();
        return entries.Count;
    }

    private const string Savepoint = "portal_bulk_save";

    private static bool Supported(EntityEntry entry, HashSet<IEntityType> inserted)
    {
        var type = entry.Metadata;
        if (entry.State == EntityState.Deleted || type.IsOwned() || type.GetComplexProperties().Any() || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || type.GetTableName() is null)
        {
            return false;
        }

        // Rows pointing at rows inserted in the same save need EF's ordering and key propagation.
        if (type.GetForeignKeys().Any(fk => inserted.Contains(fk.PrincipalEntityType)))
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
        return type.GetProperties().All(p =>
            (p.ValueGenerated == ValueGenerated.Never && p.GetDefaultValueSql() is null && !p.TryGetDefaultValue(out _))
            || (p.IsPrimaryKey() && (entry.Property(p.Name).IsTemporary || p.ValueGenerated == ValueGenerated.Never)));
    }

    private static bool IsGenerated(EntityEntry entry, IProperty property) =>
        property.ValueGenerated != ValueGenerated.Never && entry.Property(property.Name).IsTemporary;

    private static (DbCommand, IProperty[], IProperty[], IProperty?) Prepare(DbConnection connection, DbTransaction transaction, EntityEntry entry, IProperty[] columns)
    {
        var type = entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Column(IProperty p) => $"\"{p.GetColumnName(table)}\"";
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        IProperty[] where = [];
        IProperty? generated = null;
        if (entry.State == EntityState.Added)
        {
            generated = type.GetProperties().FirstOrDefault(p => IsGenerated(entry, p));
            command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", columns.Select(Column))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})"
                + (generated is null ? string.Empty : $" RETURNING {Column(generated)}");
        }
        else
        {
            where = [.. type.FindPrimaryKey()!.Properties, .. type.GetProperties().Where(p => p.IsConcurrencyToken && !p.IsPrimaryKey())];
            command.CommandText = $"UPDATE \"{table.Name}\" SET {string.Join(", ", columns.Select((c, i) => $"{Column(c)} = @p{i}"))} WHERE {string.Join(" AND ", where.Select((c, i) => $"{Column(c)} = @p{columns.Length + i}"))}";
        }

        return (command, columns, where, generated);
    }

    private static DbParameter Parameter(DbCommand command, string name, IProperty property, object? value) =>
        property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable);
}
