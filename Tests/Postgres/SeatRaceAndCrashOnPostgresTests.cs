using TemporalSagas.Tests.EndToEnd.Dirty;
using Xunit.Abstractions;

namespace TemporalSagas.Tests.Postgres;

/// <summary>
/// The seat reservation's race, idempotency and worker-kill scenarios again, with the worker processes on PostgreSQL
/// (read committed, real row locks) instead of SQLite's single writer.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class SeatRaceAndCrashOnPostgresTests(PostgresDevServerFixture fixture, ITestOutputHelper output) : SeatRaceAndCrashTests(fixture, output);
