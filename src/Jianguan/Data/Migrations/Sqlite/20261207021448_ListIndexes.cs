using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TradingProjects_SupervisingDepartment",
                table: "TradingProjects",
                column: "SupervisingDepartment");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_FirstSeenAt",
                table: "Alerts",
                column: "FirstSeenAt");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_Score_LastSeenAt_Id",
                table: "Alerts",
                columns: new[] { "Score", "LastSeenAt", "Id" },
                descending: new bool[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TradingProjects_SupervisingDepartment",
                table: "TradingProjects");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_FirstSeenAt",
                table: "Alerts");

            migrationBuilder.DropIndex(
                name: "IX_Alerts_Score_LastSeenAt_Id",
                table: "Alerts");
        }
    }
}
