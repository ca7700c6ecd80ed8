import PatchbayTestSupport

/// The test cluster's `psql`, for tests that reach past the server to the database.
enum PostgresTestServerBridge {
  static func psql(_ url: String, _ sql: String) async throws -> String {
    try await PostgresTestServer.psql(url, sql)
  }
}
