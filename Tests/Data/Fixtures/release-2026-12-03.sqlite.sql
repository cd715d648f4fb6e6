CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "flights" (
    "id" TEXT NOT NULL CONSTRAINT "PK_flights" PRIMARY KEY,
    "origin" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "departure_utc" TEXT NOT NULL
);

CREATE TABLE "idempotency_records" (
    "key" TEXT NOT NULL CONSTRAINT "PK_idempotency_records" PRIMARY KEY,
    "operation" TEXT NOT NULL,
    "result_json" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL
);

CREATE TABLE "loyalty_accounts" (
    "user_id" TEXT NOT NULL CONSTRAINT "PK_loyalty_accounts" PRIMARY KEY,
    "points_balance" INTEGER NOT NULL,
    CONSTRAINT "ck_loyalty_accounts_points_balance" CHECK (points_balance >= 0)
);

CREATE TABLE "payments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_payments" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "refund_of" TEXT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL
);

CREATE TABLE "simulated_fault_counters" (
    "key" TEXT NOT NULL CONSTRAINT "PK_simulated_fault_counters" PRIMARY KEY,
    "failures" INTEGER NOT NULL
);

CREATE TABLE "flight_seat_inventory" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_flight_seat_inventory" PRIMARY KEY AUTOINCREMENT,
    "flight_id" TEXT NOT NULL,
    "seat_class" TEXT NOT NULL,
    "seats_available" INTEGER NOT NULL,
    CONSTRAINT "ck_flight_seat_inventory_seats_available" CHECK (seats_available >= 0),
    CONSTRAINT "FK_flight_seat_inventory_flights_flight_id" FOREIGN KEY ("flight_id") REFERENCES "flights" ("id") ON DELETE CASCADE
);

CREATE TABLE "seat_holds" (
    "id" TEXT NOT NULL CONSTRAINT "PK_seat_holds" PRIMARY KEY,
    "flight_id" TEXT NOT NULL,
    "seat_class" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "released_utc" TEXT NULL,
    CONSTRAINT "ck_seat_holds_seats" CHECK (seats > 0),
    CONSTRAINT "FK_seat_holds_flights_flight_id" FOREIGN KEY ("flight_id") REFERENCES "flights" ("id") ON DELETE CASCADE
);

CREATE TABLE "loyalty_transactions" (
    "id" TEXT NOT NULL CONSTRAINT "PK_loyalty_transactions" PRIMARY KEY,
    "user_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "refund_of" TEXT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    CONSTRAINT "FK_loyalty_transactions_loyalty_accounts_user_id" FOREIGN KEY ("user_id") REFERENCES "loyalty_accounts" ("user_id") ON DELETE CASCADE
);

CREATE TABLE "bookings" (
    "id" TEXT NOT NULL CONSTRAINT "PK_bookings" PRIMARY KEY,
    "booking_reference" TEXT NOT NULL,
    "flight_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "seat_class" TEXT NOT NULL,
    "passengers" INTEGER NOT NULL,
    "hold_id" TEXT NOT NULL,
    "payment_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "cancelled_utc" TEXT NULL,
    CONSTRAINT "FK_bookings_flights_flight_id" FOREIGN KEY ("flight_id") REFERENCES "flights" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_bookings_payments_payment_id" FOREIGN KEY ("payment_id") REFERENCES "payments" ("id") ON DELETE CASCADE,
    CONSTRAINT "FK_bookings_seat_holds_hold_id" FOREIGN KEY ("hold_id") REFERENCES "seat_holds" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_bookings_booking_reference" ON "bookings" ("booking_reference");

CREATE INDEX "IX_bookings_flight_id" ON "bookings" ("flight_id");

CREATE INDEX "IX_bookings_hold_id" ON "bookings" ("hold_id");

CREATE UNIQUE INDEX "IX_bookings_idempotency_key" ON "bookings" ("idempotency_key");

CREATE INDEX "IX_bookings_payment_id" ON "bookings" ("payment_id");

CREATE UNIQUE INDEX "IX_flight_seat_inventory_flight_id_seat_class" ON "flight_seat_inventory" ("flight_id", "seat_class");

CREATE UNIQUE INDEX "IX_loyalty_transactions_idempotency_key" ON "loyalty_transactions" ("idempotency_key");

CREATE UNIQUE INDEX "IX_loyalty_transactions_refund_of" ON "loyalty_transactions" ("refund_of");

CREATE INDEX "IX_loyalty_transactions_user_id" ON "loyalty_transactions" ("user_id");

CREATE UNIQUE INDEX "IX_payments_idempotency_key" ON "payments" ("idempotency_key");

CREATE UNIQUE INDEX "IX_payments_refund_of" ON "payments" ("refund_of");

CREATE INDEX "IX_payments_user_id" ON "payments" ("user_id");

CREATE INDEX "IX_seat_holds_flight_id" ON "seat_holds" ("flight_id");

CREATE UNIQUE INDEX "IX_seat_holds_idempotency_key" ON "seat_holds" ("idempotency_key");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261123191614_Initial', '10.0.5');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "idempotency_records" ADD "request_hash" TEXT NOT NULL DEFAULT '';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124210350_RequestFingerprint', '10.0.5');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "domain_events" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_domain_events" PRIMARY KEY AUTOINCREMENT,
    "aggregate_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload_json" TEXT NOT NULL,
    "occurred_utc" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL
);

CREATE TABLE "inventory_items" (
    "sku" TEXT NOT NULL CONSTRAINT "PK_inventory_items" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "stock" INTEGER NOT NULL,
    "requires_prescription" INTEGER NOT NULL,
    CONSTRAINT "ck_inventory_items_stock" CHECK (stock >= 0)
);

CREATE TABLE "inventory_reservations" (
    "id" TEXT NOT NULL CONSTRAINT "PK_inventory_reservations" PRIMARY KEY,
    "order_id" TEXT NOT NULL,
    "lines_json" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "released_utc" TEXT NULL
);

CREATE TABLE "order_fulfillment_sagas" (
    "order_id" TEXT NOT NULL CONSTRAINT "PK_order_fulfillment_sagas" PRIMARY KEY,
    "saga_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "started_utc" TEXT NOT NULL,
    "completed_utc" TEXT NULL,
    "failure_reason" TEXT NULL,
    "compensation_stack_json" TEXT NOT NULL,
    "updated_utc" TEXT NOT NULL,
    "last_sequence" INTEGER NOT NULL
);

CREATE TABLE "orders" (
    "id" TEXT NOT NULL CONSTRAINT "PK_orders" PRIMARY KEY,
    "saga_id" TEXT NOT NULL,
    "items_json" TEXT NOT NULL,
    "shipping_address" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "cancelled_utc" TEXT NULL
);

CREATE TABLE "prescriptions" (
    "id" TEXT NOT NULL CONSTRAINT "PK_prescriptions" PRIMARY KEY,
    "order_id" TEXT NOT NULL,
    "skus_json" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "cancelled_utc" TEXT NULL
);

CREATE TABLE "shipments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_shipments" PRIMARY KEY,
    "order_id" TEXT NOT NULL,
    "carrier" TEXT NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "cancelled_utc" TEXT NULL
);

CREATE UNIQUE INDEX "IX_domain_events_aggregate_id_sequence" ON "domain_events" ("aggregate_id", "sequence");

CREATE UNIQUE INDEX "IX_domain_events_idempotency_key" ON "domain_events" ("idempotency_key");

CREATE UNIQUE INDEX "IX_inventory_reservations_idempotency_key" ON "inventory_reservations" ("idempotency_key");

CREATE INDEX "IX_inventory_reservations_order_id" ON "inventory_reservations" ("order_id");

CREATE INDEX "IX_order_fulfillment_sagas_state_started_utc" ON "order_fulfillment_sagas" ("state", "started_utc");

CREATE UNIQUE INDEX "IX_orders_idempotency_key" ON "orders" ("idempotency_key");

CREATE UNIQUE INDEX "IX_prescriptions_idempotency_key" ON "prescriptions" ("idempotency_key");

CREATE INDEX "IX_prescriptions_order_id" ON "prescriptions" ("order_id");

CREATE UNIQUE INDEX "IX_shipments_idempotency_key" ON "shipments" ("idempotency_key");

CREATE INDEX "IX_shipments_order_id" ON "shipments" ("order_id");

CREATE UNIQUE INDEX "IX_shipments_tracking_number" ON "shipments" ("tracking_number");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124212445_OrderFulfillment', '10.0.5');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "flight_seat_inventory" ADD "capacity" INTEGER NOT NULL DEFAULT 0;

UPDATE flight_seat_inventory SET capacity = seats_available + COALESCE((SELECT SUM(h.seats) FROM seat_holds h WHERE h.flight_id = flight_seat_inventory.flight_id AND h.seat_class = flight_seat_inventory.seat_class AND h.status = 'held'), 0);

CREATE TABLE "seat_payments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_seat_payments" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "refund_of" TEXT NULL,
    "idempotency_key" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL
);

CREATE TABLE "seat_reservations" (
    "id" TEXT NOT NULL CONSTRAINT "PK_seat_reservations" PRIMARY KEY,
    "booking_id" TEXT NOT NULL,
    "zone_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "amount" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "payment_id" TEXT NULL,
    "created_utc" TEXT NOT NULL,
    "expires_utc" TEXT NOT NULL,
    "confirmed_utc" TEXT NULL,
    "released_utc" TEXT NULL,
    CONSTRAINT "ck_seat_reservations_quantity" CHECK (quantity > 0)
);

CREATE TABLE "seat_zones" (
    "id" TEXT NOT NULL CONSTRAINT "PK_seat_zones" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "available" INTEGER NOT NULL,
    "price_per_seat" TEXT NOT NULL,
    CONSTRAINT "ck_seat_zones_available" CHECK (available >= 0 AND available <= capacity)
);

CREATE INDEX "IX_seat_payments_booking_id" ON "seat_payments" ("booking_id");

CREATE UNIQUE INDEX "IX_seat_payments_idempotency_key" ON "seat_payments" ("idempotency_key");

CREATE UNIQUE INDEX "IX_seat_payments_refund_of" ON "seat_payments" ("refund_of");

CREATE UNIQUE INDEX "IX_seat_reservations_booking_id" ON "seat_reservations" ("booking_id");

CREATE UNIQUE INDEX "IX_seat_reservations_idempotency_key" ON "seat_reservations" ("idempotency_key");

CREATE INDEX "IX_seat_reservations_zone_id_status" ON "seat_reservations" ("zone_id", "status");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124231312_SeatReservations', '10.0.5');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "appointment_audit" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_appointment_audit" PRIMARY KEY AUTOINCREMENT,
    "appointment_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "saga_id" TEXT NOT NULL,
    "idempotency_key" TEXT NULL,
    "occurred_utc" TEXT NOT NULL
);

CREATE TABLE "appointment_segments" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_appointment_segments" PRIMARY KEY AUTOINCREMENT,
    "appointment_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "staff_id" TEXT NOT NULL,
    "starts_utc" TEXT NOT NULL,
    "ends_utc" TEXT NOT NULL,
    "calcom_booking_uid" TEXT NOT NULL
);

CREATE TABLE "appointments" (
    "id" TEXT NOT NULL CONSTRAINT "PK_appointments" PRIMARY KEY,
    "customer_id" TEXT NOT NULL,
    "staff_id" TEXT NULL,
    "calcom_booking_uid" TEXT NULL,
    "starts_utc" TEXT NOT NULL,
    "ends_utc" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "calcom_sync_status" TEXT NOT NULL,
    "sync_error" TEXT NULL,
    "last_synced_utc" TEXT NULL,
    "version" INTEGER NOT NULL,
    "last_sync_key" TEXT NULL,
    "is_composite" INTEGER NOT NULL,
    "notes" TEXT NULL,
    "idempotency_key" TEXT NOT NULL,
    "saga_id" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "updated_utc" TEXT NOT NULL,
    "deleted_utc" TEXT NULL,
    CONSTRAINT "ck_appointments_status" CHECK (status IN ('pending','scheduled','confirmed','completed','cancelled','rescheduled')),
    CONSTRAINT "ck_appointments_sync_status" CHECK (calcom_sync_status IN ('pending','synced','error','manual_review_required'))
);

CREATE TABLE "customers" (
    "id" TEXT NOT NULL CONSTRAINT "PK_customers" PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_utc" TEXT NOT NULL,
    "updated_utc" TEXT NOT NULL
);

CREATE TABLE "simulated_calendar_bookings" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_simulated_calendar_bookings" PRIMARY KEY AUTOINCREMENT,
    "uid" TEXT NOT NULL,
    "event_type_id" INTEGER NOT NULL,
    "host_id" INTEGER NOT NULL,
    "start_utc" TEXT NOT NULL,
    "end_utc" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attendee_name" TEXT NOT NULL,
    "attendee_email" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "metadata_json" TEXT NOT NULL,
    "idempotency_key" TEXT NULL,
    "rescheduled_from_uid" TEXT NULL,
    "rescheduled_to_uid" TEXT NULL,
    "cancellation_reason" TEXT NULL,
    "created_utc" TEXT NOT NULL,
    "cancelled_utc" TEXT NULL
);

CREATE TABLE "simulated_calendar_hosts" (
    "id" INTEGER NOT NULL CONSTRAINT "PK_simulated_calendar_hosts" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "event_type_id" INTEGER NOT NULL
);

CREATE TABLE "staff" (
    "id" TEXT NOT NULL CONSTRAINT "PK_staff" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "calcom_host_id" INTEGER NOT NULL,
    "calcom_event_type_id" INTEGER NOT NULL
);

CREATE INDEX "IX_appointment_audit_appointment_id" ON "appointment_audit" ("appointment_id");

CREATE UNIQUE INDEX "IX_appointment_audit_idempotency_key" ON "appointment_audit" ("idempotency_key");

CREATE UNIQUE INDEX "IX_appointment_segments_appointment_id_position" ON "appointment_segments" ("appointment_id", "position");

CREATE INDEX "IX_appointment_segments_calcom_booking_uid" ON "appointment_segments" ("calcom_booking_uid");

CREATE INDEX "IX_appointments_calcom_booking_uid" ON "appointments" ("calcom_booking_uid");

CREATE INDEX "IX_appointments_customer_id" ON "appointments" ("customer_id");

CREATE UNIQUE INDEX "IX_appointments_idempotency_key" ON "appointments" ("idempotency_key");

CREATE UNIQUE INDEX "IX_customers_email" ON "customers" ("email");

CREATE INDEX "IX_simulated_calendar_bookings_host_id_start_utc" ON "simulated_calendar_bookings" ("host_id", "start_utc");

CREATE INDEX "IX_simulated_calendar_bookings_idempotency_key" ON "simulated_calendar_bookings" ("idempotency_key");

CREATE UNIQUE INDEX "IX_simulated_calendar_bookings_uid" ON "simulated_calendar_bookings" ("uid");

CREATE UNIQUE INDEX "IX_simulated_calendar_hosts_event_type_id" ON "simulated_calendar_hosts" ("event_type_id");

CREATE UNIQUE INDEX "IX_staff_calcom_host_id" ON "staff" ("calcom_host_id");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261124232105_Appointments', '10.0.5');

COMMIT;

