using TemporalSagas.Tests.EndToEnd.Dirty;
using Xunit.Abstractions;

namespace TemporalSagas.Tests.Postgres;

/// <summary>The cancel storm again, with the worker processes on PostgreSQL (read committed, real row locks).</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", PostgresDevServerFixture.Category)]
public class CancelStormOnPostgresTests(PostgresDevServerFixture fixture, ITestOutputHelper output) : CancelStormTests(fixture, output);
