using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Entities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "MergedAt",
                table: "MarketEntities",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MergedIntoId",
                table: "MarketEntities",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "MarketEntities",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MarketEntities_NameKey",
                table: "MarketEntities",
                column: "NameKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_MarketEntities_NameKey",
                table: "MarketEntities");

            migrationBuilder.DropColumn(
                name: "MergedAt",
                table: "MarketEntities");

            migrationBuilder.DropColumn(
                name: "MergedIntoId",
                table: "MarketEntities");

            migrationBuilder.DropColumn(
                name: "NameKey",
                table: "MarketEntities");
        }
    }
}
