using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <summary>
    /// Outbox claims and lanes, job leases, per-member calendar feeds, sign-in throttles and staff access reasons:
    /// one migration for what one unreleased series of changes added.
    /// </summary>
    public partial class AlertPathAndAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The one shared calendar link per support ID ends here (it could not be revoked for one member): each
            // member issues their own from the maintenance page.
            migrationBuilder.DropIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_State_NextAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.AddColumn<Guid>(
                name: "CalendarFeedId",
                table: "SupportMemberships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CalendarFeedIssuedAt",
                table: "SupportMemberships",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "CalendarFeedSecretHash",
                table: "SupportMemberships",
                type: "BLOB",
                maxLength: 32,
                nullable: true);

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

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HeldUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "SignInThrottles",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstFailedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StoppedUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInThrottles", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "StaffAccessReasons",
                columns: table => new
                {
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    GivenAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffAccessReasons", x => x.SessionId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SupportMemberships_CalendarFeedId",
                table: "SupportMemberships",
                column: "CalendarFeedId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ClaimToken",
                table: "Notifications",
                column: "ClaimToken");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_State_Lane_NextAttemptAt",
                table: "Notifications",
                columns: new[] { "State", "Lane", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SignInThrottles_FirstFailedAt",
                table: "SignInThrottles",
                column: "FirstFailedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropTable(
                name: "SignInThrottles");

            migrationBuilder.DropTable(
                name: "StaffAccessReasons");

            migrationBuilder.DropIndex(
                name: "IX_SupportMemberships_CalendarFeedId",
                table: "SupportMemberships");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_ClaimToken",
                table: "Notifications");

            migrationBuilder.DropIndex(
                name: "IX_Notifications_State_Lane_NextAttemptAt",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "CalendarFeedId",
                table: "SupportMemberships");

            migrationBuilder.DropColumn(
                name: "CalendarFeedIssuedAt",
                table: "SupportMemberships");

            migrationBuilder.DropColumn(
                name: "CalendarFeedSecretHash",
                table: "SupportMemberships");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "ClaimedUntil",
                table: "Notifications");

            migrationBuilder.DropColumn(
                name: "Lane",
                table: "Notifications");

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "SupportAccounts",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts",
                column: "CalendarFeedToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_State_NextAttemptAt",
                table: "Notifications",
                columns: new[] { "State", "NextAttemptAt" });
        }
    }
}
