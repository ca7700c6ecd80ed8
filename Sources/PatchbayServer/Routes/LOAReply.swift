import Foundation
import HTTPTypes
import Hummingbird
import Patchbay

/// `GET /v1/interfaces/{id}/loa` (docs/SERVER.md, "The LOA document"): the document as JSON,
/// or as the HTML page or its PDF when `Accept` asks for them.
enum LOAReply {
  /// The representations offered, in the order preferred when `Accept` rates them the same.
  enum Media: String, CaseIterable, Sendable {
    case json = "application/json"
    case html = "text/html"
    case pdf = "application/pdf"
  }

  /// The representation `accept` prefers (RFC 9110 proactive negotiation): each offered type
  /// gets the quality of the most specific range that matches it (`text/html` over `text/*`
  /// over `*/*`); the highest quality above 0 wins, JSON first on a tie. No `Accept` is JSON.
  ///
  /// - Throws: 406 `not_acceptable` when every offered type has quality 0.
  static func media(accept: String?) throws -> Media {
    guard let accept, !accept.allSatisfy(\.isWhitespace) else { return .json }
    var ranges: [(type: String, subtype: String, quality: Double)] = []
    for part in accept.split(separator: ",") {
      let pieces = part.split(separator: ";").map {
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      }
      guard let range = pieces.first, !range.isEmpty else { continue }
      let halves = range.split(separator: "/", maxSplits: 1).map(String.init)
      guard halves.count == 2 else { continue }
      var quality = 1.0
      for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
        quality = Double(parameter.dropFirst(2)).map { min(max($0, 0), 1) } ?? 0
      }
      ranges.append((halves[0], halves[1], quality))
    }
    func quality(of media: Media) -> Double {
      let halves = media.rawValue.split(separator: "/").map(String.init)
      let exact = ranges.first { $0.type == halves[0] && $0.subtype == halves[1] }
      let family = ranges.first { $0.type == halves[0] && $0.subtype == "*" }
      let any = ranges.first { $0.type == "*" && $0.subtype == "*" }
      return (exact ?? family ?? any)?.quality ?? 0
    }
    var best: (Media, Double)?
    for media in Media.allCases {
      let found = quality(of: media)
      if found > 0, found > (best?.1 ?? 0) { best = (media, found) }
    }
    guard let (chosen, _) = best else {
      throw Problem(
        .notAcceptable, code: "not_acceptable",
        detail: "the LOA is offered as "
          + Media.allCases.map(\.rawValue).joined(separator: ", ")
          + "; the request's Accept allows none of them")
    }
    return chosen
  }

  /// The document in `media`. A PDF is printed by headless Chromium, at most
  /// ``PrintSlots/limit`` at once per server.
  static func reply(
    _ document: LOADocument, as media: Media, printer: ChromiumPrinter, slots: PrintSlots
  ) async throws -> Reply {
    var reply: Reply
    switch media {
    case .json:
      reply = Reply(body: document.jsonBytes)
    case .html:
      reply = Reply(contentType: "text/html; charset=utf-8", body: document.htmlBytes)
    case .pdf:
      let html = document.htmlBytes
      await slots.acquire()
      let printed: Result<[UInt8], PDFPrintError>
      do {
        printed = .success(try await printer.pdf(of: html))
      } catch {
        printed = .failure(error)
      }
      await slots.release()
      switch printed {
      case .success(let bytes):
        reply = Reply(contentType: "application/pdf", body: bytes)
        reply.headers[.contentDisposition] = "inline; filename=\"\(document.reference).pdf\""
      case .failure(let error) where error.kind == .chromiumMissing:
        throw Problem(
          .notAcceptable, code: error.code,
          detail: "this server cannot print PDF: Debian's package `"
            + ChromiumPrinter.debianPackage + "` is not installed on it (its operator installs "
            + "it); ask with Accept: text/html and print the page from a browser")
      case .failure(let error):
        throw Problem.unavailable(code: error.code, detail: error.description, retryAfter: 5)
      }
    }
    reply.headers[.vary] = "Accept"
    return reply
  }
}

/// Bounds the Chromium processes one server runs at once: each takes a few hundred megabytes
/// and a core for a second or more, and the API must keep answering meanwhile.
actor PrintSlots {
  /// Prints at once; further requests wait their turn.
  static let limit = 2
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  func acquire() async {
    if running < Self.limit {
      running += 1
      return
    }
    await withCheckedContinuation { waiting.append($0) }
  }

  func release() {
    if waiting.isEmpty {
      running -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }
}
