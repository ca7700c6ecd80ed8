import Foundation
import Patchbay

/// A value in the database that this build cannot read back: a file edited by hand, or damaged.
/// Reported as ``StoreError/unavailable(_:reason:)``; never a crash.
struct UnreadableValue: Error, CustomStringConvertible {
  var description: String
}

/// How typed values are spelled in columns: enumerations by their API spelling, dates as
/// ISO 8601 in UTC with milliseconds, so a person reading the file with `sqlite3` sees what the
/// API and the console would show.
enum StoredValues {
  /// Milliseconds are what ISO 8601 text keeps: a date read back is the stored one rounded to the
  /// millisecond, which is finer than any step of the lifecycle.
  static let dateStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

  static func text(_ date: Date) -> String { dateStyle.format(date) }

  static func date(_ text: String, _ what: @autoclosure () -> String) throws -> Date {
    do {
      return try dateStyle.parse(text)
    } catch {
      throw UnreadableValue(description: "\(what()) is not an ISO 8601 date: \(text)")
    }
  }

  /// An enumeration from its raw value, or an error that names the column and the value.
  static func value<E: RawRepresentable<String>>(
    _ type: E.Type, _ text: String, _ what: @autoclosure () -> String
  ) throws -> E {
    guard let value = E(rawValue: text) else {
      throw UnreadableValue(description: "\(what()) has an unknown value: \(text)")
    }
    return value
  }

  static func optionalValue<E: RawRepresentable<String>>(
    _ type: E.Type, _ text: String?, _ what: @autoclosure () -> String
  ) throws -> E? {
    guard let text else { return nil }
    return try value(type, text, what())
  }

  /// A port type set from its bit mask.
  static func portTypes(_ mask: Int64, _ what: @autoclosure () -> String) throws -> PortTypeSet {
    guard let byte = UInt8(exactly: mask), byte >> PortType.allCases.count == 0 else {
      throw UnreadableValue(description: "\(what()) is not a port type set: \(mask)")
    }
    return PortTypeSet(rawValue: byte)
  }

  /// Line operators as their API spellings, sorted and comma-separated: a set has no order, so
  /// the text is the same for the same set.
  static func text(_ operators: Set<LineOperator>) -> String {
    operators.map(\.rawValue).sorted().joined(separator: ",")
  }

  static func lineOperators(_ text: String, _ what: @autoclosure () -> String) throws -> Set<
    LineOperator
  > {
    guard !text.isEmpty else { return [] }
    var operators: Set<LineOperator> = []
    for name in text.split(separator: ",", omittingEmptySubsequences: false) {
      operators.insert(try value(LineOperator.self, String(name), what()))
    }
    return operators
  }
}

/// Spells dates as `StoredValues.text(_:)` does, remembering the last one: the rows of a
/// batch share one time, and formatting a date is most of the cost of writing a history entry.
struct DateTexts {
  private var last: (date: Date, text: String)?

  mutating func text(_ date: Date) -> String {
    if let last, last.date == date { return last.text }
    let text = StoredValues.text(date)
    last = (date, text)
    return text
  }
}

/// ``StoredValues/date(_:_:)`` of the last two texts read, kept: the interfaces of a batch share
/// their times (applied at once, brought into application at once), and Foundation's parsing
/// costs microseconds each.
struct StoredDates {
  private var recent: [(text: String, date: Date)] = []

  mutating func date(_ text: String, _ what: @autoclosure () -> String) throws -> Date {
    for entry in recent where entry.text == text { return entry.date }
    let date = try StoredValues.date(text, what())
    if recent.count == 2 { recent.removeFirst() }
    recent.append((text, date))
    return date
  }
}
