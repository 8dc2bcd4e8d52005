using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                computedColumnSql: "(date_part('year', COALESCE(\"OccurredAt\", \"FirstSeenAt\") AT TIME ZONE INTERVAL '+08:00') * 100 + date_part('month', COALESCE(\"OccurredAt\", \"FirstSeenAt\") AT TIME ZONE INTERVAL '+08:00'))::integer",
                stored: true);

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
