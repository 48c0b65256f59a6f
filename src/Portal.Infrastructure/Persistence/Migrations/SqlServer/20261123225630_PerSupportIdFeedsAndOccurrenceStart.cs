using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class PerSupportIdFeedsAndOccurrenceStart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Organizations_CalendarFeedToken",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "Organizations");

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "SupportAccounts",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OccurrenceStart",
                table: "MaintenanceWindows",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts",
                column: "CalendarFeedToken",
                unique: true,
                filter: "[CalendarFeedToken] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.DropColumn(
                name: "OccurrenceStart",
                table: "MaintenanceWindows");

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "Organizations",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_CalendarFeedToken",
                table: "Organizations",
                column: "CalendarFeedToken",
                unique: true,
                filter: "[CalendarFeedToken] IS NOT NULL");
        }
    }
}
