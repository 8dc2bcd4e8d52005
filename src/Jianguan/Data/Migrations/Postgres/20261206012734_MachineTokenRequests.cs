using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MachineTokenRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DecidedAt",
                table: "MachineTokens",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "MachineTokens",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecisionNote",
                table: "MachineTokens",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Purpose",
                table: "MachineTokens",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequestedById",
                table: "MachineTokens",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            // Tokens issued before the request flow were issued by the security administrator: approved (review them).
            migrationBuilder.AddColumn<int>(
                name: "Status",
                table: "MachineTokens",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<int>(
                name: "ValidDays",
                table: "MachineTokens",
                type: "integer",
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
