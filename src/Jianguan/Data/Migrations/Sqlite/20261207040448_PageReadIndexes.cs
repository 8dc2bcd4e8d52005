using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PageReadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Alerts_FirstSeenAt",
                table: "Alerts");

            migrationBuilder.AddColumn<int>(
                name: "OccurredMonth",
                table: "Alerts",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "CAST(strftime('%Y%m', COALESCE(\"OccurredAt\", \"FirstSeenAt\") / 1000 + 28800, 'unixepoch') AS INTEGER)",
                stored: false);

            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_Id_Category",
                table: "TradingProjects",
                columns: new[] { "Id", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_Sections_Id_ProjectId",
                table: "Sections",
                columns: new[] { "Id", "ProjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_FirstSeenAt_Level_SectionId",
                table: "Alerts",
                columns: new[] { "FirstSeenAt", "Level", "SectionId" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_RuleCategory_Level_RuleCode_OccurredMonth",
                table: "Alerts",
                columns: new[] { "RuleCategory", "Level", "RuleCode", "OccurredMonth" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TradingProjects_Id_Category",
                table: "TradingProjects");

            migrationBuilder.DropIndex(
                name: "IX_Sections_Id_ProjectId",
                table: "Sections");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_FirstSeenAt_Level_SectionId",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_RuleCategory_Level_RuleCode_OccurredMonth",
                table: "Alerts");

            migrationBuilder.DropColumn(
                name: "OccurredMonth",
                table: "Alerts");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_FirstSeenAt",
                table: "Alerts",
                column: "FirstSeenAt");
        }
    }
}
