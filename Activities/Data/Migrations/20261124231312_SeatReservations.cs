using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TemporalSagas.Activities.Data.Migrations
{
    /// <inheritdoc />
    public partial class SeatReservations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "capacity",
                table: "flight_seat_inventory",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing rows: the capacity is what is free now plus what live holds have taken.
            migrationBuilder.Sql(
                "UPDATE flight_seat_inventory SET capacity = seats_available + COALESCE((SELECT SUM(h.seats) FROM seat_holds h " +
                "WHERE h.flight_id = flight_seat_inventory.flight_id AND h.seat_class = flight_seat_inventory.seat_class AND h.status = 'held'), 0)");

            migrationBuilder.CreateTable(
                name: "seat_payments",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    booking_id = table.Column<string>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    amount = table.Column<decimal>(type: "TEXT", nullable: false),
                    method = table.Column<string>(type: "TEXT", nullable: false),
                    refund_of = table.Column<string>(type: "TEXT", nullable: true),
                    idempotency_key = table.Column<string>(type: "TEXT", nullable: false),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seat_payments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "seat_reservations",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    booking_id = table.Column<string>(type: "TEXT", nullable: false),
                    zone_id = table.Column<string>(type: "TEXT", nullable: false),
                    quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    amount = table.Column<decimal>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    idempotency_key = table.Column<string>(type: "TEXT", nullable: false),
                    payment_id = table.Column<string>(type: "TEXT", nullable: true),
                    created_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    confirmed_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    released_utc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seat_reservations", x => x.id);
                    table.CheckConstraint("ck_seat_reservations_quantity", "quantity > 0");
                });

            migrationBuilder.CreateTable(
                name: "seat_zones",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    available = table.Column<int>(type: "INTEGER", nullable: false),
                    price_per_seat = table.Column<decimal>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_seat_zones", x => x.id);
                    table.CheckConstraint("ck_seat_zones_available", "available >= 0 AND available <= capacity");
                });

            migrationBuilder.CreateIndex(
                name: "IX_seat_payments_booking_id",
                table: "seat_payments",
                column: "booking_id");

            migrationBuilder.CreateIndex(
                name: "IX_seat_payments_idempotency_key",
                table: "seat_payments",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_seat_payments_refund_of",
                table: "seat_payments",
                column: "refund_of",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_seat_reservations_booking_id",
                table: "seat_reservations",
                column: "booking_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_seat_reservations_idempotency_key",
                table: "seat_reservations",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_seat_reservations_zone_id_status",
                table: "seat_reservations",
                columns: new[] { "zone_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "seat_payments");

            migrationBuilder.DropTable(
                name: "seat_reservations");

            migrationBuilder.DropTable(
                name: "seat_zones");

            migrationBuilder.DropColumn(
                name: "capacity",
                table: "flight_seat_inventory");
        }
    }
}
