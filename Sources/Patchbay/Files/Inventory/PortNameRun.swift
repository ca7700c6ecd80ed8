/// A run of port names such as `1/1/2-48`: a prefix, then a first and a last number
/// (`1/1/2` .. `1/1/48`). Runs keep big inventories small and readable.
struct PortNameRun: Equatable {
  var prefix: String
  var first: Int
  var last: Int

  /// More ports than this in one run is surely a typo (`1/1/1-4800000`), not a cage.
  static let maximumLength = 65_536

  var count: Int { last - first + 1 }

  /// `prefix` and each number in decimal, as `"\(prefix)\(number)"` writes them, but made from
  /// one UTF-8 buffer: the inventory of `huge` has three million ports, and interpolating each
  /// name was most of reading its devices.
  var names: [String] {
    var names: [String] = []
    names.reserveCapacity(count)
    var buffer = Array(prefix.utf8)
    let prefixLength = buffer.count
    var digits = [UInt8](repeating: 0, count: 20)
    for number in first...last {
      buffer.removeSubrange(prefixLength...)
      var value = number
      var start = digits.count
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") + UInt8(value % 10)
        value /= 10
      } while value > 0
      buffer.append(contentsOf: digits[start...])
      names.append(String(decoding: buffer, as: UTF8.self))
    }
    return names
  }

  /// Parses `PREFIX<first>-<last>`, or says what is wrong with the text.
  static func parse(_ text: String) -> Result<PortNameRun, RunError> {
    let scalars = Array(text.unicodeScalars)
    guard let dash = scalars.lastIndex(of: "-") else { return .failure(.noDash) }
    let lastDigits = scalars[(dash + 1)...]
    var firstStart = dash
    while firstStart > 0, ("0"..."9").contains(scalars[firstStart - 1]) { firstStart -= 1 }
    let firstDigits = scalars[firstStart..<dash]
    guard !lastDigits.isEmpty, lastDigits.allSatisfy({ ("0"..."9").contains($0) }),
      !firstDigits.isEmpty,
      let first = Int(String(String.UnicodeScalarView(firstDigits))),
      let last = Int(String(String.UnicodeScalarView(lastDigits)))
    else { return .failure(.notNumbers) }
    guard first <= last else { return .failure(.descending(first: first, last: last)) }
    guard last - first < maximumLength else { return .failure(.tooLong(last - first + 1)) }
    let prefix = String(String.UnicodeScalarView(scalars[..<firstStart]))
    return .success(PortNameRun(prefix: prefix, first: first, last: last))
  }

  enum RunError: Error, Equatable, CustomStringConvertible {
    case noDash, notNumbers
    case descending(first: Int, last: Int)
    case tooLong(Int)

    var description: String {
      let shape = "write a run as PREFIX<first>-<last>, such as \"1/1/2-48\""
      return switch self {
      case .noDash: "has no '-'; \(shape), or use \"name\" for a single port"
      case .notNumbers: "does not end in <number>-<number>; \(shape)"
      case .descending(let first, let last):
        "counts down from \(first) to \(last); the last number must not be below the first"
      case .tooLong(let count):
        "names \(count) ports; a run may name at most \(maximumLength), so this looks like a typo"
      }
    }
  }
}
