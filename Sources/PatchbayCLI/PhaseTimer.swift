/// Wall-clock time per phase, for the one-line summary on standard error (never in a plan).
struct PhaseTimer {
  private var phases: [(name: String, duration: Duration)] = []
  private let clock = ContinuousClock()

  mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
    let start = clock.now
    let value = try body()
    phases.append((name, clock.now - start))
    return value
  }

  /// Adds a phase measured elsewhere (an asynchronous one).
  mutating func record(_ name: String, _ duration: Duration) {
    phases.append((name, duration))
  }

  /// "1.23 s (read requests 0.80 s, validate 0.40 s, ...)".
  var summary: String {
    let total = phases.reduce(Duration.zero) { $0 + $1.duration }
    let parts = phases.map { "\($0.name) \(Self.seconds($0.duration))" }
    return "\(Self.seconds(total)) (\(parts.joined(separator: ", ")))"
  }

  static func seconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let value = Double(seconds) + Double(attoseconds) / 1e18
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
  }
}
