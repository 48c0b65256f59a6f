using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContactPhoneDigits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RegistrationContacts_Phone",
                table: "RegistrationContacts");

            migrationBuilder.AddColumn<string>(
                name: "PhoneDigits",
                table: "RegistrationContacts",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            // Contacts chosen before: their digits, as ContactFormats.Digits gives them (saved phones hold only
            // digits and hyphens, IsJapanesePhone; spaces and brackets go too, for older rows).
            migrationBuilder.Sql("UPDATE RegistrationContacts SET PhoneDigits = REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(Phone, '-', ''), ' ', ''), '(', ''), ')', ''), '+', '')");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationContacts_PhoneDigits",
                table: "RegistrationContacts",
                column: "PhoneDigits");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RegistrationContacts_PhoneDigits",
                table: "RegistrationContacts");

            migrationBuilder.DropColumn(
                name: "PhoneDigits",
                table: "RegistrationContacts");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationContacts_Phone",
                table: "RegistrationContacts",
                column: "Phone");
        }
    }
}
