using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Entities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "MergedAt",
                table: "MarketEntities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "MergedIntoId",
                table: "MarketEntities",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NameKey",
                table: "MarketEntities",
                type: "TEXT",
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
