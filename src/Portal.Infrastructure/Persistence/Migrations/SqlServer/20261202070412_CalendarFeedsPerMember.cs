using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CalendarFeedsPerMember : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The one shared link per support ID ends here (it could not be revoked for one member): each member
            // issues their own from the maintenance page.
            migrationBuilder.DropIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.DropColumn(
                name: "CalendarFeedToken",
                table: "SupportAccounts");

            migrationBuilder.AddColumn<Guid>(
                name: "CalendarFeedId",
                table: "SupportMemberships",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CalendarFeedIssuedAt",
                table: "SupportMemberships",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "CalendarFeedSecretHash",
                table: "SupportMemberships",
                type: "varbinary(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportMemberships_CalendarFeedId",
                table: "SupportMemberships",
                column: "CalendarFeedId",
                unique: true,
                filter: "[CalendarFeedId] IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SupportMemberships_CalendarFeedId",
                table: "SupportMemberships");

            migrationBuilder.DropColumn(
                name: "CalendarFeedId",
                table: "SupportMemberships");

            migrationBuilder.DropColumn(
                name: "CalendarFeedIssuedAt",
                table: "SupportMemberships");

            migrationBuilder.DropColumn(
                name: "CalendarFeedSecretHash",
                table: "SupportMemberships");

            migrationBuilder.AddColumn<string>(
                name: "CalendarFeedToken",
                table: "SupportAccounts",
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SupportAccounts_CalendarFeedToken",
                table: "SupportAccounts",
                column: "CalendarFeedToken",
                unique: true,
                filter: "[CalendarFeedToken] IS NOT NULL");
        }
    }
}
