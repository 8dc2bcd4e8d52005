using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MachineTokenRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DecidedAt",
                table: "MachineTokens",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "MachineTokens",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionNote",
                table: "MachineTokens",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "MachineTokens",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedById",
                table: "MachineTokens",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            // Tokens issued before the request flow were issued by the security administrator: approved (review them).
            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "MachineTokens",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ValidDays",
                table: "MachineTokens",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecidedAt",
                table: "MachineTokens");

            migrationBuilder.DropColumn(
                name: "DecidedBy",
                table: "MachineTokens");

            migrationBuilder.DropColumn(
                name: "DecisionNote",
                table: "MachineTokens");

            migrationBuilder.DropColumn(
                name: "Purpose",
                table: "MachineTokens");

            migrationBuilder.DropColumn(
                name: "RequestedById",
                table: "MachineTokens");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "MachineTokens");

            migrationBuilder.DropColumn(
                name: "ValidDays",
                table: "MachineTokens");
        }
    }
}
