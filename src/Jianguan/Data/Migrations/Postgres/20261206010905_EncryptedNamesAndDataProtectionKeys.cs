using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EncryptedNamesAndDataProtectionKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "LegalRepresentative",
                table: "MarketEntities",
                type: "character varying(605)",
                maxLength: 605,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(100)",
                oldMaxLength: 100,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalRepresentativeHash",
                table: "MarketEntities",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ProjectManager",
                table: "Bids",
                type: "character varying(1138)",
                maxLength: 1138,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "LegalRepresentative",
                table: "Bids",
                type: "character varying(1138)",
                maxLength: 1138,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DepositAccount",
                table: "Bids",
                type: "character varying(1138)",
                maxLength: 1138,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ContactPerson",
                table: "Bids",
                type: "character varying(1138)",
                maxLength: 1138,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(200)",
                oldMaxLength: 200,
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContactPersonHash",
                table: "Bids",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DepositAccountHash",
                table: "Bids",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalRepresentativeHash",
                table: "Bids",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProjectManagerHash",
                table: "Bids",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true),
                    Xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropColumn(
                name: "LegalRepresentativeHash",
                table: "MarketEntities");

            migrationBuilder.DropColumn(
                name: "ContactPersonHash",
                table: "Bids");

            migrationBuilder.DropColumn(
                name: "DepositAccountHash",
                table: "Bids");

            migrationBuilder.DropColumn(
                name: "LegalRepresentativeHash",
                table: "Bids");

            migrationBuilder.DropColumn(
                name: "ProjectManagerHash",
                table: "Bids");

            migrationBuilder.AlterColumn<string>(
                name: "LegalRepresentative",
                table: "MarketEntities",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(605)",
                oldMaxLength: 605,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ProjectManager",
                table: "Bids",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1138)",
                oldMaxLength: 1138,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "LegalRepresentative",
                table: "Bids",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1138)",
                oldMaxLength: 1138,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DepositAccount",
                table: "Bids",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1138)",
                oldMaxLength: 1138,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "ContactPerson",
                table: "Bids",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(1138)",
                oldMaxLength: 1138,
                oldNullable: true);
        }
    }
}
