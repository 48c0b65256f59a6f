using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MaintenanceSeriesAndCalendarFeeds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "Organizations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReminderSentAt",
                table: "MaintenanceWindows",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SeriesId",
                table: "MaintenanceWindows",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MaintenanceSeries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Ordinal = table.Column<int>(type: "INTEGER", nullable: false),
                    DayOfWeek = table.Column<int>(type: "INTEGER", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    DurationMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    CreatedByUserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CancelledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MaintenanceSeries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MaintenanceSeries_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_CalendarFeedToken",
                table: "Organizations",
                column: "CalendarFeedToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MaintenanceWindows_SeriesId",
                table: "MaintenanceWindows",
                column: "SeriesId");

            migrationBuilder.CreateIndex(
                name: "IX_MaintenanceSeries_DeviceId_CancelledAt",
                table: "MaintenanceSeries",
                columns: new[] { "DeviceId", "CancelledAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MaintenanceSeries");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_CalendarFeedToken",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_MaintenanceWindows_SeriesId",
                table: "MaintenanceWindows");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "ReminderSentAt",
                table: "MaintenanceWindows");

            migrationBuilder.DropColumn(
                name: "SeriesId",
                table: "MaintenanceWindows");
        }
    }
}
