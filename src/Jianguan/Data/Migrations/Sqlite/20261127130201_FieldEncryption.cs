using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FieldEncryption : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ContactPhoneHash",
                table: "Bids",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PmCertificateHash",
                table: "Bids",
                type: "TEXT",
                maxLength: 32,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ContactPhoneHash",
                table: "Bids");

            migrationBuilder.DropColumn(
                name: "PmCertificateHash",
                table: "Bids");
        }
    }
}
