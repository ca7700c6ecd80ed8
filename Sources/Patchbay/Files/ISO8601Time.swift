import Foundation

/// ISO 8601 times as the LOA and the store write them. Read strictly: one form,
/// `YYYY-MM-DDTHH:MM:SS`, optional fractions of a second (`.5`, `.250`, up to 9 digits), then `Z`
/// or an offset `+HH:MM` / `-HH:MM`. Every field must be in range for its calendar: a 30 February
/// or a 60th second is refused rather than moved to another day, as Foundation's reader does.
package enum ISO8601Time {
  package static func parse(_ text: String) -> Date? {
    try? check(text).get()
  }

  /// The time, or what is wrong with the text, for a message that names the faulty field.
  package static func check(_ text: String) -> Result<Date, ISO8601TimeError> {
    if let result = text.utf8.withContiguousStorageIfAvailable(check(utf8:)) { return result }
    return Array(text.utf8).withUnsafeBufferPointer(check(utf8:))
  }

  /// ``check(_:)`` of a text's UTF-8 bytes, read where they are.
  package static func check(utf8 bytes: UnsafeBufferPointer<UInt8>)
    -> Result<Date, ISO8601TimeError>
  {
    var reader = Reader(bytes: bytes)
    guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2),
      reader.skip("-"), let day = reader.number(2), reader.skip("T") || reader.skip("t"),
      let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2),
      reader.skip(":"), let second = reader.number(2)
    else { return .failure(.shape) }
    var nanoseconds = 0
    if reader.skip(".") {
      var digits = 0
      while let digit = reader.number(1) {
        digits += 1
        guard digits <= 9 else { return .failure(.shape) }
        nanoseconds = nanoseconds * 10 + digit
      }
      guard digits > 0 else { return .failure(.shape) }
      for _ in digits..<9 { nanoseconds *= 10 }
    }
    var offsetSeconds = 0
    if !(reader.skip("Z") || reader.skip("z")) {
      let sign: Int
      if reader.skip("+") {
        sign = 1
      } else if reader.skip("-") {
        sign = -1
      } else {
        return .failure(.shape)
      }
      guard let offsetHours = reader.number(2), reader.skip(":"),
        let offsetMinutes = reader.number(2)
      else { return .failure(.shape) }
      guard offsetHours <= 23, offsetMinutes <= 59 else {
        return .failure(
          .outOfRange(
            field: "time zone offset",
            value: String(
              decoding: UnsafeBufferPointer(rebasing: reader.bytes[(reader.position - 6)...]),
              as: UTF8.self),
            allowed: "-23:59 to +23:59"))
      }
      offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
    }
    guard reader.atEnd else { return .failure(.shape) }
    guard year >= 1 else {
      return .failure(.outOfRange(field: "year", value: "\(year)", allowed: "0001 to 9999"))
    }
    guard (1...12).contains(month) else {
      return .failure(.outOfRange(field: "month", value: "\(month)", allowed: "01 to 12"))
    }
    let days = daysIn(month: month, year: year)
    guard (1...days).contains(day) else {
      return .failure(
        .outOfRange(
          field: "day", value: "\(day)",
          allowed: "01 to \(days) in \(monthNames[month - 1]) \(year)"))
    }
    guard hour <= 23 else {
      return .failure(.outOfRange(field: "hour", value: "\(hour)", allowed: "00 to 23"))
    }
    guard minute <= 59 else {
      return .failure(.outOfRange(field: "minute", value: "\(minute)", allowed: "00 to 59"))
    }
    guard second <= 59 else {
      return .failure(
        .outOfRange(
          field: "second", value: "\(second)", allowed: "00 to 59 (leap seconds are not taken)"))
    }
    let daysSinceEpoch = daysFromCivil(year: year, month: month, day: day)
    let seconds = daysSinceEpoch * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return .success(
      Date(timeIntervalSince1970: Double(seconds) + Double(nanoseconds) / 1_000_000_000))
  }

  package static func format(_ date: Date) -> String {
    date.formatted(.iso8601)
  }

  private static let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard Hinnant's
  /// `days_from_civil`).
  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// Reads fixed-width ASCII digits and separators.
  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    var atEnd: Bool { position == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
      guard position < bytes.count, bytes[position] == UInt8(character.value) else {
        return false
      }
      position += 1
      return true
    }

    mutating func number(_ width: Int) -> Int? {
      guard position + width <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[position..<position + width] {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      position += width
      return value
    }
  }
}

/// Why a text is not an ISO 8601 time Patchbay takes.
package enum ISO8601TimeError: Error, Equatable, CustomStringConvertible {
  /// Not of the form `YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)`.
  case shape
  /// A field out of range for its calendar.
  case outOfRange(field: String, value: String, allowed: String)

  package var description: String {
    switch self {
    case .shape:
      "is not an ISO 8601 time; write it like 2027-03-01T09:00:00Z (or with an offset such as "
        + "+08:00, or fractions of a second such as 09:00:00.5Z)"
    case .outOfRange(let field, let value, let allowed):
      "has \(field) \(value), which is out of range (\(allowed)); no such time exists"
    }
  }
}
