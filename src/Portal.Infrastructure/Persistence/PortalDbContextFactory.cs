using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portal.Application.Abstractions;

namespace Portal.Infrastructure.Persistence;

/// <summary>Hands out the provider's context type as the base type the rest of the code knows.</summary>
internal sealed class PortalDbContextFactory<TContext>(IDbContextFactory<TContext> inner)
    : IDbContextFactory<PortalDbContext>, IPortalDbContextFactory
    where TContext : PortalDbContext
{
    public PortalDbContext CreateDbContext() => inner.CreateDbContext();

    IPortalDbContext IPortalDbContextFactory.Create() => inner.CreateDbContext();
}

/// <summary>Lets `dotnet ef` build the SQLite model without starting the web host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePortalDbContext>
{
    public SqlitePortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets `dotnet ef` build the SQL Server model; nothing connects to a server.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerPortalDbContext>
{
    public SqlServerPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer("Server=design-time;Database=Portal;Integrated Security=true").Options);
}
