using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PeriodicScanByAnchorDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registrations_Status_NextPeriodicDueOn",
                table: "Registrations");

            migrationBuilder.AddColumn<int>(
                name: "PeriodicAnchorDay",
                table: "Registrations",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PeriodicNoticeFor",
                table: "Registrations",
                type: "date",
                nullable: true);

            // The day of month (Japan, UTC+9 all year) of the first opening; SQL Server stores it as datetimeoffset.
            migrationBuilder.Sql("""
                UPDATE [Registrations] SET [PeriodicAnchorDay] = DAY(SWITCHOFFSET([FirstOpenedAt], '+09:00')) WHERE [FirstOpenedAt] IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_PeriodicNoticeFor",
                table: "Registrations",
                column: "PeriodicNoticeFor",
                filter: "\"PeriodicNoticeFor\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_Status_PeriodicAnchorDay_NextPeriodicDueOn",
                table: "Registrations",
                columns: new[] { "Status", "PeriodicAnchorDay", "NextPeriodicDueOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Registrations_PeriodicNoticeFor",
                table: "Registrations");

            migrationBuilder.DropIndex(
                name: "IX_Registrations_Status_PeriodicAnchorDay_NextPeriodicDueOn",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "PeriodicAnchorDay",
                table: "Registrations");

            migrationBuilder.DropColumn(
                name: "PeriodicNoticeFor",
                table: "Registrations");

            migrationBuilder.CreateIndex(
                name: "IX_Registrations_Status_NextPeriodicDueOn",
                table: "Registrations",
                columns: new[] { "Status", "NextPeriodicDueOn" });
        }
    }
}
