import Foundation
import Patchbay
import PatchbaySynthetic
import Testing

@testable import LoadTest

@Suite struct LoadTestTests {
  /// The data centre promises that no approval of the test is refused for want of a port: every
  /// valid request, placed in order as the approvals place them, finds one.
  @Test(arguments: [1, 6000])
  func everyRequestTheTestNeedsIsPlaced(needed: Int) {
    let centre = SyntheticDataCentre(settings: DataCentre.settings(for: needed), seed: 1)
    var live = LiveInventory(centre.inventory)
    var placed = 0
    var unplaced: [String] = []
    for request in centre.requests {
      switch live.place(request) {
      case .placed: placed += 1
      case .rejected: break
      case .unplaced(let reason): unplaced.append(reason.message)
      }
    }
    #expect(placed >= needed)
    #expect(unplaced.isEmpty, "\(unplaced.prefix(3))")
  }

  @Test func optionsOfARun() throws {
    let options = try Options.parse([
      "--patchbay", "/bin/sh", "--backend", "postgres", "--postgres-url",
      "postgres://patchbay@127.0.0.1:5432/postgres", "--instances", "2", "--clients", "1, 16,64",
      "--approvals", "500", "--reads", "0", "--connections", "4", "--no-header",
    ])
    #expect(options.backend == .postgres)
    #expect(options.instances == 2)
    #expect(options.clients == [1, 16, 64])
    #expect(options.approvals == 500)
    #expect(options.reads == 0)
    #expect(options.connections == 4)
    #expect(!options.header)
  }

  @Test(arguments: [
    (["--backend", "sqlite"], "--patchbay is required"),
    (["--patchbay", "/bin/sh"], "--backend is required"),
    (["--patchbay", "/nonexistent/patchbay", "--backend", "sqlite"], "is not an executable file"),
    (["--patchbay", "/bin/sh", "--backend", "mysql"], "neither sqlite nor postgres"),
    (["--patchbay", "/bin/sh", "--backend", "sqlite", "--instances", "0"], "from 1 to 8"),
    (["--patchbay", "/bin/sh", "--backend", "sqlite", "--clients", "1,,4"], "comma-separated"),
    (["--patchbay", "/bin/sh", "--backend", "sqlite", "--clients", "0"], "comma-separated"),
    (["--patchbay", "/bin/sh", "--backend", "sqlite", "--approvals"], "needs a value"),
    (["--patchbay", "/bin/sh", "--backend", "sqlite", "--reads", "many"], "not a whole number"),
    (
      ["--patchbay", "/bin/sh", "--backend", "sqlite", "--postgres-url", "postgres://x@y/z"],
      "for --backend postgres only"
    ),
    (["--patchbay", "/bin/sh", "--backend", "sqlite", "--fast"], "unknown argument \"--fast\""),
  ])
  func refusedOptions(arguments: [String], message: String) {
    do {
      _ = try Options.parse(arguments)
      Issue.record("\(arguments) was accepted")
    } catch {
      #expect(error.message?.contains(message) == true, "\(error.message ?? "help")")
    }
  }

  @Test(arguments: [
    ("patchbay serve: listening on http://127.0.0.1:43121 (database x.db)\n", 43121),
    ("some warning\npatchbay serve: listening on http://127.0.0.1:8080 (database y)", 8080),
    ("patchbay serve: cannot serve on 127.0.0.1:0: address in use\n", nil),
    ("", nil),
  ])
  func listeningLine(log: String, port: Int?) {
    #expect(ServerInstance.listeningPort(in: log) == port)
  }

  @Test func percentilesAreNearestRank() {
    var result = PhaseResult()
    #expect(result.percentile(0.5) == nil)
    result.latencies = (1...100).map(Double.init)
    #expect(result.percentile(0.5) == 50)
    #expect(result.percentile(0.99) == 99)
    #expect(result.percentile(1) == 100)
    result.latencies = [7]
    #expect(result.percentile(0.99) == 7)
  }

  @Test func errorsAreSummedMostFrequentFirst() {
    var result = PhaseResult()
    #expect(result.errorSummary == "none")
    result.errors = ["503 database_busy": 2, "409 no_free_port": 5]
    #expect(result.errorCount == 7)
    #expect(result.errorSummary == "5 x 409 no_free_port, 2 x 503 database_busy")
  }

  @Test func serverTimeFromTheMetricsHistogram() throws {
    let text = """
      # TYPE patchbay_http_request_duration_seconds histogram
      patchbay_http_request_duration_seconds_bucket{method="POST",route="/v1/interfaces/{id}/approve",le="0.005"} 8
      patchbay_http_request_duration_seconds_sum{method="POST",route="/v1/interfaces/{id}/approve"} 0.25
      patchbay_http_request_duration_seconds_count{method="POST",route="/v1/interfaces/{id}/approve"} 10
      patchbay_http_request_duration_seconds_sum{method="GET",route="/v1/interfaces/{id}"} 0.5
      patchbay_http_request_duration_seconds_count{method="GET",route="/v1/interfaces/{id}"} 100
      """
    let approve = try #require(
      LoadClient.histogram(text, method: "POST", route: "/v1/interfaces/{id}/approve"))
    #expect(approve.seconds == 0.25 && approve.count == 10)
    let read = try #require(LoadClient.histogram(text, method: "GET", route: "/v1/interfaces/{id}"))
    #expect(read.seconds == 0.5 && read.count == 100)
    #expect(LoadClient.histogram(text, method: "GET", route: "/v1/inventory") == nil)
  }
}
