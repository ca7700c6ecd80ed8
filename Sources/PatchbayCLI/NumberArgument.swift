import ArgumentParser

/// Reads the numeric options, each with a documented range (README "Command line").
///
/// Options declare `parsing: .unconditional`, so `--wait -1` reads `-1` as the value and says
/// it is out of range, instead of taking it for an option and calling the value missing. A
/// value is checked here, before anything runs: out of range, not a number, `nan` and `inf`
/// are usage errors (exit 64) that give the range; nothing converts a huge value and traps.
enum NumberArgument {
  /// `--threads`: more threads than this gains nothing on any machine Patchbay runs on.
  static let threads = 1...1024
  /// `--time-limit`, in seconds: at most a day per access point.
  static let timeLimit = 0.0...86_400.0
  /// `--wait`, in seconds: at most a day.
  static let wait = 0.0...86_400.0

  /// A whole number in `range`.
  static func integer<Value: FixedWidthInteger & Sendable>(
    _ option: String, _ range: ClosedRange<Value>
  ) -> @Sendable (String) throws -> Value {
    { text in
      guard let value = Value(text, radix: 10), range.contains(value) else {
        throw ValidationError(
          "\(option) must be a whole number from \(range.lowerBound) to \(range.upperBound); "
            + "found \"\(text.escapingControlCharacters)\"")
      }
      return value
    }
  }

  /// A finite decimal number in `range`; with `aboveLowerBound`, the lower bound itself is out
  /// (a time limit of 0 seconds).
  static func decimal(
    _ option: String, _ range: ClosedRange<Double>, aboveLowerBound: Bool = false,
    unit: String = ""
  ) -> @Sendable (String) throws -> Double {
    { text in
      guard let value = Double(text), value.isFinite, range.contains(value),
        !(aboveLowerBound && value == range.lowerBound)
      else {
        let bounds =
          aboveLowerBound
          ? "more than \(format(range.lowerBound)) and at most \(format(range.upperBound))"
          : "from \(format(range.lowerBound)) to \(format(range.upperBound))"
        throw ValidationError(
          "\(option) must be a number\(unit) \(bounds); found \"\(text.escapingControlCharacters)\""
        )
      }
      return value
    }
  }

  /// `86400` rather than `86400.0`.
  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
