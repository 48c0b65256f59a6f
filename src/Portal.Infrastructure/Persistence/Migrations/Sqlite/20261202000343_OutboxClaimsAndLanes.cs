using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OutboxClaimsAndLanes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_State_NextAttemptAt",
                table: "Notifications");

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimToken",
                table: "Notifications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedUntil",
                table: "Notifications",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Lane",
                table: "Notifications",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            // Mails already waiting keep their kind's lane: overdue notices and reminders are bulk, the rest alerts.
            migrationBuilder.Sql("UPDATE Notifications SET Lane = 2 WHERE Kind IN ('PeriodicOverdue', 'MaintenanceReminder')");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ClaimToken",
                table: "Notifications",
                column: "ClaimToken");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_State_Lane_NextAttemptAt",
                table: "Notifications",
                columns: new[] { "State", "Lane", "NextAttemptAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Notifications_ClaimToken",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_State_Lane_NextAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Lane",
                table: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_State_NextAttemptAt",
                table: "Notifications",
                columns: new[] { "State", "NextAttemptAt" });
        }
    }
}
