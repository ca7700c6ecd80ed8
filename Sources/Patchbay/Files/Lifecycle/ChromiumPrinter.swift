import Foundation

/// Prints an HTML page to PDF with headless Chromium (Debian's package `chromium`): the LOA
/// document's PDF is its HTML page as a browser prints it, so the two never differ.
///
/// The one place Patchbay runs another program. The page is written to a new private temporary
/// folder, Chromium runs there with its profile, caches and home in that folder (nothing of the
/// user's browser is read or written), standard input from /dev/null and its output kept to a
/// file; after ``timeout`` it is stopped. The folder is removed whatever happens. The wait is
/// `async` and polls, so a server's event loop is never blocked for the seconds a print takes.
package struct ChromiumPrinter: Sendable {
  /// The Debian package that provides the `chromium` command.
  package static let debianPackage = "chromium"
  /// The command looked for on the search path.
  package static let command = "chromium"

  /// A `PATH`-style list of folders to look for ``command`` in.
  package var searchPath: String
  /// How long a print may take before Chromium is stopped.
  package var timeout: Duration

  /// A printer that looks for Chromium on `searchPath` (this process's `PATH` when `nil`).
  package init(searchPath: String? = nil, timeout: Duration = .seconds(90)) {
    self.searchPath =
      searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    self.timeout = timeout
  }

  /// Chromium's path: the first executable ``command`` in ``searchPath``, or `nil`.
  package func executable() -> String? {
    searchPath.split(separator: ":", omittingEmptySubsequences: true)
      .map { "\($0)/\(Self.command)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The PDF of `html`, as Chromium prints it (no header or footer line of the browser's).
  ///
  /// - Throws: ``PDFPrintError``: Chromium is not installed, could not start, failed or did
  ///   not finish within ``timeout``, or the temporary folder could not be made.
  package func pdf(of html: [UInt8]) async throws(PDFPrintError) -> [UInt8] {
    guard let chromium = executable() else {
      throw PDFPrintError(kind: .chromiumMissing, detail: "no `chromium` in \(searchPath)")
    }
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("patchbay-pdf-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(
        at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw PDFPrintError(
        kind: .failed, detail: "cannot make a temporary folder \(folder.path): \(error)")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let page = folder.appendingPathComponent("page.html")
    let pdf = folder.appendingPathComponent("page.pdf")
    let log = folder.appendingPathComponent("chromium.log")
    guard FileManager.default.createFile(atPath: page.path, contents: Data(html)),
      FileManager.default.createFile(atPath: log.path, contents: nil),
      let output = try? FileHandle(forWritingTo: log)
    else {
      throw PDFPrintError(kind: .failed, detail: "cannot write the page to \(folder.path)")
    }
    defer { try? output.close() }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: chromium)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--no-default-browser-check", "--disable-extensions", "--disable-sync",
      "--disable-background-networking", "--disable-component-update", "--mute-audio",
      "--user-data-dir=\(folder.appendingPathComponent("profile").path)",
      "--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", page.absoluteString,
    ]
    var environment = ProcessInfo.processInfo.environment
    for name in ["HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"] {
      environment[name] = folder.path
    }
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = output
    do {
      try process.run()
    } catch {
      throw PDFPrintError(kind: .failed, detail: "\(chromium) could not start: \(error)")
    }

    let deadline = ContinuousClock.now.advanced(by: timeout)
    while process.isRunning && ContinuousClock.now < deadline {
      try? await Task.sleep(for: .milliseconds(25))
    }
    if process.isRunning {
      process.terminate()
      let grace = ContinuousClock.now.advanced(by: .seconds(3))
      while process.isRunning && ContinuousClock.now < grace {
        try? await Task.sleep(for: .milliseconds(25))
      }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      throw PDFPrintError(
        kind: .timedOut, detail: "\(chromium) did not finish within \(timeout) and was stopped")
    }
    process.waitUntilExit()
    let bytes = (try? Data(contentsOf: pdf)).map { [UInt8]($0) } ?? []
    guard process.terminationStatus == 0, bytes.starts(with: Array("%PDF".utf8)) else {
      let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      let tail = said.split(separator: "\n").suffix(4).joined(separator: " / ")
      throw PDFPrintError(
        kind: .failed,
        detail: "\(chromium) exited with status \(process.terminationStatus) and "
          + (bytes.isEmpty ? "printed nothing" : "printed no PDF")
          + (tail.isEmpty ? "" : "; it said: \(tail.prefix(600))"))
    }
    return bytes
  }
}

/// Why a page could not be printed to PDF. The message says what to do.
package struct PDFPrintError: Error, Sendable, Hashable, CustomStringConvertible {
  package enum Kind: Sendable, Hashable {
    /// No `chromium` on the search path: install Debian's package `chromium`.
    case chromiumMissing
    /// Chromium did not finish in time.
    case timedOut
    /// Chromium could not start or failed, or the temporary folder could not be used.
    case failed
  }

  package let kind: Kind
  /// What happened, for the log and the message.
  package let detail: String

  /// The code scripts and the server's problems name it by: `chromium_missing`,
  /// `pdf_timeout`, `pdf_failed`.
  package var code: String {
    switch kind {
    case .chromiumMissing: "chromium_missing"
    case .timedOut: "pdf_timeout"
    case .failed: "pdf_failed"
    }
  }

  package var description: String {
    switch kind {
    case .chromiumMissing:
      "cannot print PDF: headless Chromium is not installed (\(detail)); install Debian's "
        + "package `\(ChromiumPrinter.debianPackage)` (apt-get install "
        + "\(ChromiumPrinter.debianPackage); scripts/setup does it), or ask for the HTML page "
        + "and print it from a browser"
    case .timedOut:
      "cannot print PDF: \(detail); the machine may be overloaded: try again, or ask for the "
        + "HTML page and print it from a browser"
    case .failed:
      "cannot print PDF: \(detail); ask for the HTML page and print it from a browser"
    }
  }
}
