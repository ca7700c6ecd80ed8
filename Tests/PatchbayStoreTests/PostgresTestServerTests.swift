import Foundation
import PatchbayTestSupport
import Testing

/// The PostgreSQL the tests run on: a database of its own per test, and a server that comes back
/// after a restart. Here so that a broken test server fails one plain test, not every store test.
@Suite struct PostgresTestServerTests {
  @Test func freshDatabasesAreDistinctAndEachIsReachableAndWritable() async throws {
    let first = try await PostgresTestServer.freshDatabase(prefix: "Infra test")
    let second = try await PostgresTestServer.freshDatabase(prefix: "Infra test")
    #expect(first != second)
    for url in [first, second] {
      let name = try await PostgresTestServer.psql(url, "SELECT current_database()")
      #expect(name.hasPrefix("infra_test_"))
      #expect(url.hasSuffix("/\(name)"))
      // The role owns the database, so it may make the store's tables in it.
      let owner = try await PostgresTestServer.psql(
        url,
        "CREATE TABLE probe (n integer); INSERT INTO probe VALUES (1); "
          + "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
      let role = URLComponents(string: url)?.user ?? ProcessInfo.processInfo.userName
      #expect(owner == role)
    }
    // Each database is its own: the second one's table is not the first one's.
    try await PostgresTestServer.psql(first, "INSERT INTO probe VALUES (2)")
    #expect(try await PostgresTestServer.psql(first, "SELECT count(*) FROM probe") == "2")
    #expect(try await PostgresTestServer.psql(second, "SELECT count(*) FROM probe") == "1")
  }

  @Test func databaseNamesNeedNoQuotingAndFitPostgreSQL() {
    let name = PostgresTestServer.databaseName(prefix: String(repeating: "Ä-b\"; DROP", count: 20))
    #expect(name.utf8.count <= 63)
    #expect(name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
    #expect(PostgresTestServer.databaseName(prefix: "").hasPrefix("test_"))
  }

  /// On a cluster of its own, so that the restart cuts no other test's connections.
  @Test func aRestartedClusterComesBackWithItsData() async throws {
    let cluster = try await PostgresTestCluster.start()
    do {
      let url = try await cluster.freshDatabase(prefix: "restart")
      try await PostgresTestServer.psql(
        url, "CREATE TABLE kept (n integer); INSERT INTO kept VALUES (7)")
      let before = try await PostgresTestServer.psql(url, "SELECT pg_postmaster_start_time()")
      try await cluster.restart()
      let after = try await PostgresTestServer.psql(url, "SELECT pg_postmaster_start_time()")
      #expect(after != before)
      #expect(try await PostgresTestServer.psql(url, "SELECT n FROM kept") == "7")
      #expect(try await PostgresTestServer.psql(cluster.url, "SELECT 1") == "1")
    } catch {
      try? await cluster.stop()
      throw error
    }
    try await cluster.stop()
    #expect(!FileManager.default.fileExists(atPath: cluster.directory))
    await #expect(throws: PostgresTestServerError.self) {
      try await PostgresTestServer.psql(cluster.url, "SELECT 1")
    }
  }
}
