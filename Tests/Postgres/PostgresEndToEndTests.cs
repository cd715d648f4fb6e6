using TemporalSagas.Tests.EndToEnd;
using TemporalSagas.Tests.EndToEnd.Appointments;
using TemporalSagas.Tests.EndToEnd.Orders;

namespace TemporalSagas.Tests.Postgres;

// The end-to-end suites that touch the database's atomic operations, run again with the worker on PostgreSQL:
// every saga's happy path and compensations, interrupted steps, and worker crashes after a committed effect.
// Leave them out with: dotnet test --filter Category!=Postgres

[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class FlightBookingOnPostgresTests(PostgresDevServerFixture fixture) : FlightBookingEndToEndTests(fixture);

[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class InterruptedStepOnPostgresTests(PostgresDevServerFixture fixture) : InterruptedStepEndToEndTests(fixture);

[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class WorkerCrashOnPostgresTests(PostgresDevServerFixture fixture) : WorkerCrashEndToEndTests(fixture);

[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class OrderFulfillmentOnPostgresTests(PostgresDevServerFixture fixture) : OrderFulfillmentEndToEndTests(fixture);

[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class OrderInterruptionOnPostgresTests(PostgresDevServerFixture fixture) : OrderInterruptionEndToEndTests(fixture);

[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class AppointmentSagaOnPostgresTests(PostgresDevServerFixture fixture) : AppointmentSagaEndToEndTests(fixture);
