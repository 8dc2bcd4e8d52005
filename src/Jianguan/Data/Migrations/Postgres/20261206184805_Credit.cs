using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Jianguan.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Credit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PenaltyDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    DocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntityName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Facts = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Result = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DecidedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PenaltyDecisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PenaltyDecisions_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "BlacklistEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreditCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IdNumber = table.Column<string>(type: "character varying(242)", maxLength: 242, nullable: true),
                    Reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Basis = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndOn = table.Column<DateOnly>(type: "date", nullable: false),
                    EndedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    Restriction = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Authority = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DocumentNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PenaltyId = table.Column<long>(type: "bigint", nullable: true),
                    NationalCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OrganisationId = table.Column<int>(type: "integer", nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlacklistEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlacklistEntries_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_BlacklistEntries_PenaltyDecisions_PenaltyId",
                        column: x => x.PenaltyId,
                        principalTable: "PenaltyDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "InfoRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromOrganisationId = table.Column<int>(type: "integer", nullable: false),
                    ToOrganisationId = table.Column<int>(type: "integer", nullable: false),
                    Subject = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Confidentiality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PenaltyId = table.Column<long>(type: "bigint", nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Answer = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InfoRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InfoRequests_Organisations_FromOrganisationId",
                        column: x => x.FromOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InfoRequests_Organisations_ToOrganisationId",
                        column: x => x.ToOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_InfoRequests_PenaltyDecisions_PenaltyId",
                        column: x => x.PenaltyId,
                        principalTable: "PenaltyDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "PenaltyCopies",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PenaltyId = table.Column<long>(type: "bigint", nullable: false),
                    OrganisationId = table.Column<int>(type: "integer", nullable: false),
                    NotificationId = table.Column<long>(type: "bigint", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PenaltyCopies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PenaltyCopies_Notifications_NotificationId",
                        column: x => x.NotificationId,
                        principalTable: "Notifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PenaltyCopies_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PenaltyCopies_PenaltyDecisions_PenaltyId",
                        column: x => x.PenaltyId,
                        principalTable: "PenaltyDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PenaltyTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PenaltyId = table.Column<long>(type: "bigint", nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PenaltyTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PenaltyTransitions_PenaltyDecisions_PenaltyId",
                        column: x => x.PenaltyId,
                        principalTable: "PenaltyDecisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "BlacklistTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntryId = table.Column<long>(type: "bigint", nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BlacklistTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BlacklistTransitions_BlacklistEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "BlacklistEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InfoRequestTransitions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<long>(type: "bigint", nullable: false),
                    From = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    To = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InfoRequestTransitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_InfoRequestTransitions_InfoRequests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "InfoRequests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistEntries_CreditCode",
                table: "BlacklistEntries",
                column: "CreditCode");

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistEntries_NationalCode",
                table: "BlacklistEntries",
                column: "NationalCode");

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistEntries_Number",
                table: "BlacklistEntries",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistEntries_OrganisationId",
                table: "BlacklistEntries",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistEntries_PenaltyId",
                table: "BlacklistEntries",
                column: "PenaltyId");

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistEntries_State_EndOn",
                table: "BlacklistEntries",
                columns: new[] { "State", "EndOn" });

            migrationBuilder.CreateIndex(
                name: "IX_BlacklistTransitions_EntryId",
                table: "BlacklistTransitions",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_InfoRequests_FromOrganisationId",
                table: "InfoRequests",
                column: "FromOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_InfoRequests_Number",
                table: "InfoRequests",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InfoRequests_PenaltyId",
                table: "InfoRequests",
                column: "PenaltyId");

            migrationBuilder.CreateIndex(
                name: "IX_InfoRequests_ToOrganisationId",
                table: "InfoRequests",
                column: "ToOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_InfoRequestTransitions_RequestId",
                table: "InfoRequestTransitions",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyCopies_NotificationId",
                table: "PenaltyCopies",
                column: "NotificationId");

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyCopies_OrganisationId",
                table: "PenaltyCopies",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyCopies_PenaltyId_OrganisationId",
                table: "PenaltyCopies",
                columns: new[] { "PenaltyId", "OrganisationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyDecisions_DocumentNumber",
                table: "PenaltyDecisions",
                column: "DocumentNumber");

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyDecisions_Number",
                table: "PenaltyDecisions",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyDecisions_OrganisationId",
                table: "PenaltyDecisions",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyDecisions_State_DecidedOn",
                table: "PenaltyDecisions",
                columns: new[] { "State", "DecidedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_PenaltyTransitions_PenaltyId",
                table: "PenaltyTransitions",
                column: "PenaltyId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BlacklistTransitions");

            migrationBuilder.DropTable(
                name: "InfoRequestTransitions");

            migrationBuilder.DropTable(
                name: "PenaltyCopies");

            migrationBuilder.DropTable(
                name: "PenaltyTransitions");

            migrationBuilder.DropTable(
                name: "BlacklistEntries");

            migrationBuilder.DropTable(
                name: "InfoRequests");

            migrationBuilder.DropTable(
                name: "PenaltyDecisions");
        }
    }
}
