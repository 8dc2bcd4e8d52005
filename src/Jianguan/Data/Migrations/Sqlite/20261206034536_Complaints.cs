using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Jianguan.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Complaints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastReminder",
                table: "StatutoryClocks",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.CreateTable(
                name: "ComplaintChannels",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Staff = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TimeLimit = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Materials = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OfficeHours = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OutOfHours = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Fax = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Fee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FeeBasis = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintChannels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintChannels_Organisations_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Complaints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Procedure = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DepartmentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ProjectCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SectionCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SectionId = table.Column<long>(type: "INTEGER", nullable: true),
                    LinkedNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DuplicateOfId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReceivedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ComplainantName = table.Column<string>(type: "TEXT", maxLength: 605, nullable: false),
                    ComplainantNameHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ComplainantIdNumber = table.Column<string>(type: "TEXT", maxLength: 242, nullable: true),
                    ComplainantIdHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ComplainantPhone = table.Column<string>(type: "TEXT", maxLength: 242, nullable: true),
                    ComplainantPhoneHash = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ComplainantEmail = table.Column<string>(type: "TEXT", maxLength: 1138, nullable: true),
                    ComplainantAddress = table.Column<string>(type: "TEXT", maxLength: 1138, nullable: true),
                    ReceiptHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    HandlerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    HandlerName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RejectReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    DecidedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Feedback = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StateChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Complaints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Complaints_Complaints_DuplicateOfId",
                        column: x => x.DuplicateOfId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Complaints_Organisations_DepartmentId",
                        column: x => x.DepartmentId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComplaintId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintAttachments_Complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ComplaintTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ComplaintId = table.Column<long>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplaintTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComplaintTransitions_Complaints_ComplaintId",
                        column: x => x.ComplaintId,
                        principalTable: "Complaints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintAttachments_ComplaintId",
                table: "ComplaintAttachments",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintChannels_DepartmentId",
                table: "ComplaintChannels",
                column: "DepartmentId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_DepartmentId_State",
                table: "Complaints",
                columns: new[] { "DepartmentId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_DuplicateOfId",
                table: "Complaints",
                column: "DuplicateOfId");

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_Number",
                table: "Complaints",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_ReceiptHash",
                table: "Complaints",
                column: "ReceiptHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_SectionCode_ComplainantIdHash",
                table: "Complaints",
                columns: new[] { "SectionCode", "ComplainantIdHash" });

            migrationBuilder.CreateIndex(
                name: "IX_Complaints_SectionCode_ComplainantNameHash",
                table: "Complaints",
                columns: new[] { "SectionCode", "ComplainantNameHash" });

            migrationBuilder.CreateIndex(
                name: "IX_ComplaintTransitions_ComplaintId",
                table: "ComplaintTransitions",
                column: "ComplaintId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComplaintAttachments");

            migrationBuilder.DropTable(
                name: "ComplaintChannels");

            migrationBuilder.DropTable(
                name: "ComplaintTransitions");

            migrationBuilder.DropTable(
                name: "Complaints");

            migrationBuilder.DropColumn(
                name: "LastReminder",
                table: "StatutoryClocks");
        }
    }
}
