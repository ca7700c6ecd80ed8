import Patchbay

/// The people's form of `patchbay validate`: what was read, a table of rejected requests, and
/// how many got each code.
enum ValidationText {
  static func render(_ report: ValidationReport, inventoryFile: String, requestsFile: String?)
    -> String
  {
    let inventory = report.inventory
    let result = report.result
    var lines = [
      "\(inventoryFile.escapingControlCharacters): valid. \(inventory.regions) regions, \(inventory.accessPoints) access "
        + "points, \(inventory.devices) devices, \(inventory.ports) ports "
        + "(\(inventory.freePorts) free), \(inventory.connections) connections."
    ]
    guard let requestsFile else { return lines.joined(separator: "\n") + "\n" }
    lines.append(
      "\(requestsFile.escapingControlCharacters): \(result.requestCount) requests: \(result.accepted.count) valid, "
        + "\(result.rejections.count) rejected.")
    if !result.rejections.isEmpty {
      lines.append("")
      lines += table(
        header: ["REQUEST", "CODE", "WHY"],
        rows: result.rejections.map {
          [
            $0.request.rawValue.escapingControlCharacters, $0.code.rawValue,
            $0.message.escapingControlCharacters,
          ]
        })
      lines.append("")
      lines.append("Rejected by code:")
      let width = result.rejectionCounts.map(\.code.rawValue.count).max() ?? 0
      for (code, count) in result.rejectionCounts {
        lines.append("  " + code.rawValue.padding(width) + "  \(count)")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Left-aligned columns; the last column is not padded.
  static func table(header: [String], rows: [[String]]) -> [String] {
    let all = [header] + rows
    let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
    return all.map { row in
      row.enumerated().map { column, cell in
        column == row.count - 1 ? cell : cell.padding(widths[column])
      }.joined(separator: "  ")
    }
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
