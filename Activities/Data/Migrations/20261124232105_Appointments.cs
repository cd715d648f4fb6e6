using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TemporalSagas.Activities.Data.Migrations
{
    /// <inheritdoc />
    public partial class Appointments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appointment_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    appointment_id = table.Column<string>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", nullable: false),
                    detail = table.Column<string>(type: "TEXT", nullable: false),
                    saga_id = table.Column<string>(type: "TEXT", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", nullable: true),
                    occurred_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointment_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "appointment_segments",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    appointment_id = table.Column<string>(type: "TEXT", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false),
                    staff_id = table.Column<string>(type: "TEXT", nullable: false),
                    starts_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    calcom_booking_uid = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointment_segments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    customer_id = table.Column<string>(type: "TEXT", nullable: false),
                    staff_id = table.Column<string>(type: "TEXT", nullable: true),
                    calcom_booking_uid = table.Column<string>(type: "TEXT", nullable: true),
                    starts_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    calcom_sync_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sync_error = table.Column<string>(type: "TEXT", nullable: true),
                    last_synced_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false),
                    last_sync_key = table.Column<string>(type: "TEXT", nullable: true),
                    is_composite = table.Column<bool>(type: "INTEGER", nullable: false),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", nullable: false),
                    saga_id = table.Column<string>(type: "TEXT", nullable: false),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    deleted_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_appointments", x => x.id);
                    table.CheckConstraint("ck_appointments_status", "status IN ('pending','scheduled','confirmed','completed','cancelled','rescheduled')");
                    table.CheckConstraint("ck_appointments_sync_status", "calcom_sync_status IN ('pending','synced','error','manual_review_required')");
                });

            migrationBuilder.CreateTable(
                name: "customers",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "simulated_calendar_bookings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    uid = table.Column<string>(type: "TEXT", nullable: false),
                    event_type_id = table.Column<int>(type: "INTEGER", nullable: false),
                    host_id = table.Column<int>(type: "INTEGER", nullable: false),
                    start_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    end_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attendee_name = table.Column<string>(type: "TEXT", nullable: false),
                    attendee_email = table.Column<string>(type: "TEXT", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", nullable: false),
                    metadata_json = table.Column<string>(type: "TEXT", nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", nullable: true),
                    rescheduled_from_uid = table.Column<string>(type: "TEXT", nullable: true),
                    rescheduled_to_uid = table.Column<string>(type: "TEXT", nullable: true),
                    cancellation_reason = table.Column<string>(type: "TEXT", nullable: true),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    cancelled_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulated_calendar_bookings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "simulated_calendar_hosts",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: false),
                    event_type_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_simulated_calendar_hosts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", nullable: false),
                    calcom_host_id = table.Column<int>(type: "INTEGER", nullable: false),
                    calcom_event_type_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_appointment_audit_appointment_id",
                table: "appointment_audit",
                column: "appointment_id");

            migrationBuilder.CreateIndex(
                name: "IX_appointment_audit_idempotency_key",
                table: "appointment_audit",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appointment_segments_appointment_id_position",
                table: "appointment_segments",
                columns: new[] { "appointment_id", "position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_appointment_segments_calcom_booking_uid",
                table: "appointment_segments",
                column: "calcom_booking_uid");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_calcom_booking_uid",
                table: "appointments",
                column: "calcom_booking_uid");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_customer_id",
                table: "appointments",
                column: "customer_id");

            migrationBuilder.CreateIndex(
                name: "IX_appointments_idempotency_key",
                table: "appointments",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customers_email",
                table: "customers",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_simulated_calendar_bookings_host_id_start_utc",
                table: "simulated_calendar_bookings",
                columns: new[] { "host_id", "start_utc" });

            migrationBuilder.CreateIndex(
                name: "IX_simulated_calendar_bookings_idempotency_key",
                table: "simulated_calendar_bookings",
                column: "idempotency_key");

            migrationBuilder.CreateIndex(
                name: "IX_simulated_calendar_bookings_uid",
                table: "simulated_calendar_bookings",
                column: "uid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_simulated_calendar_hosts_event_type_id",
                table: "simulated_calendar_hosts",
                column: "event_type_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_staff_calcom_host_id",
                table: "staff",
                column: "calcom_host_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointment_audit");

            migrationBuilder.DropTable(
                name: "appointment_segments");

            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "customers");

            migrationBuilder.DropTable(
                name: "simulated_calendar_bookings");

            migrationBuilder.DropTable(
                name: "simulated_calendar_hosts");

            migrationBuilder.DropTable(
                name: "staff");
        }
    }
}
