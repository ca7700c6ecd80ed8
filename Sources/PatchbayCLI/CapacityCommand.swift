import ArgumentParser
import Patchbay
import PatchbayStore

/// `patchbay capacity`: how much each access point can still take (docs/CAPACITY.md).
struct CapacityCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "capacity",
    abstract: "Report ports, headroom, N+1 and a suggested status for every access point.",
    discussion: """
      Reads the inventory from a file (--inventory) or as it stands in a provisioning database \
      (--db), and reports per access point and device the ports held and free, per port type; \
      the headroom per offered port type for single requests and for redundant pairs on \
      different devices (exact maxima); the N+1 check (the device whose failure would strand \
      the most live connections, and how many); and the status the figures suggest (full, hot, \
      recommended) beside the declared one. With --requests, the batch is placed by the \
      allocator first and the report is of the inventory as it would then stand (nothing is \
      committed); the JSON also carries the report before it, and the text and HTML show each \
      changed figure before and after. --format html writes one self-contained page (inline \
      CSS and SVG, nothing fetched from the network) for a browser, print or mail: the summary, \
      the ten most pressed access points, a heat map of every access point by region, then \
      every access point with its headroom, N+1 and devices. Figures and thresholds: \
      docs/CAPACITY.md.

      Examples:
        patchbay capacity --inventory inventory.json
        patchbay capacity --inventory inventory.json --requests requests.json --format json
        patchbay capacity --db provisioning.db --hot-utilization 0.9 --output capacity.json \
      --format json
        patchbay capacity --inventory inventory.json --format html --output capacity.html
      """
  )

  @Option(help: "The inventory file (inventory.json); or give --db.")
  var inventory: String?

  @Option(
    help: ArgumentHelp(
      "The provisioning database (an SQLite file or a PostgreSQL URL) whose inventory as it "
        + "stands is reported; or give --inventory.", valueName: "db"))
  var db: String?

  @Option(help: "A batch (requests.json or requests.csv) to place first, as a what-if.")
  var requests: String?

  @Option(help: "text for a terminal, json for machines, html for a browser (one page).")
  var format: CapacityFormat = .text

  @Option(help: "Write the report here (whole or not at all) instead of to standard output.")
  var output: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Utilization (held over all ports) at which an access point is hot: 0 to 1; default 0.8.",
      valueName: "ratio"),
    transform: NumberArgument.decimal("--hot-utilization", 0...1))
  var hotUtilization: Double = 0.8

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "An offered port type with fewer redundant pairs of headroom than this makes the access "
        + "point hot: 0 to 1000000; default 2.",
      valueName: "pairs"),
    transform: NumberArgument.integer("--hot-pairs", 0...1_000_000))
  var hotPairs: Int = 2

  enum CapacityFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html
  }

  func validate() throws {
    if (inventory == nil) == (db == nil) {
      throw ValidationError("give either --inventory FILE or --db DATABASE (one of them)")
    }
    if let db {
      do {
        _ = try DatabaseOption.parse(["--db", db])
      } catch {
        throw ValidationError(DatabaseOption.message(for: error))
      }
    }
  }

  func run() async throws {
    // The database is read first, and closed, before the synchronous work.
    var fromDatabase: Result<Inventory, any Error>?
    if let db {
      do {
        fromDatabase = .success(
          try await DatabaseOption.parse(["--db", db]).reader().exportInventory())
      } catch {
        fromDatabase = .failure(error)
      }
      await OpenStores.shared.closeAll()
    }
    try ExitStatus.run {
      if let output { try StagedFile.check(output) }
      var timer = PhaseTimer()
      let model: Inventory
      do {
        if let fromDatabase {
          model = try fromDatabase.get()
        } else {
          model = try timer.readInventory(inventory ?? "")
        }
      } catch {
        throw ExitStatus.databaseRefusal(error) ?? error
      }
      let thresholds = CapacityThresholds(hotUtilization: hotUtilization, hotPairs: hotPairs)
      let bytes: [UInt8]
      let summary: CapacitySummary
      if let requests {
        let batch = try timer.readRequests(requests)
        StandardError.progress("placing \(batch.count) requests")
        let whatIf: CapacityWhatIf
        do {
          whatIf = try timer.measure("place and report") {
            try CapacityReport.whatIf(
              inventory: model, requests: batch, options: AllocationOptions(),
              thresholds: thresholds)
          }
        } catch {
          StandardError.write(
            "patchbay: internal error: the allocator's plan cannot be applied: \(error). "
              + "Please report this as a bug.")
          throw ExitStatus.internalError
        }
        summary = whatIf.after.summary
        bytes = timer.measure("render") {
          switch format {
          case .json: whatIf.jsonBytes
          case .html: whatIf.htmlBytes
          case .text:
            Array(
              CapacityText.render(whatIf.after, before: whatIf.before, batch: whatIf.plan).utf8)
          }
        }
      } else {
        StandardError.progress("computing the capacity report")
        let report = timer.measure("report") {
          CapacityReport(inventory: model, thresholds: thresholds)
        }
        summary = report.summary
        bytes = timer.measure("render") {
          switch format {
          case .json: report.jsonBytes
          case .html: report.htmlBytes
          case .text: Array(CapacityText.render(report).utf8)
          }
        }
      }
      StandardError.endProgress()
      try timer.measure("write") {
        if let output {
          try StagedFile(bytes, forPath: output).commit()
        } else {
          try StandardOutput.write(bytes)
        }
      }
      StandardError.write(
        "patchbay capacity: \(summary.accessPoints) access points, \(summary.full) full, "
          + "\(summary.hot) hot, N+1 shortfall \(summary.nPlusOneShortfall) in \(timer.summary)")
    }
  }
}
