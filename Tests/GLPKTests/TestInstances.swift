import GLPK
import Testing

/// A deterministic random generator (SplitMix64), so every instance is the same on every run.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// A 0-1 knapsack: maximize value subject to total weight <= capacity.
struct Knapsack: Sendable, CustomTestStringConvertible {
  var values: [Double]
  var weights: [Double]
  var capacity: Double
  var label: String

  var testDescription: String { label }

  /// 8a + 11b + 6c + 4d, 5a + 7b + 4c + 3d <= 14: LP relaxation 22 (fractional), optimum 21
  /// with b, c, d.
  static let classic = Knapsack(
    values: [8, 11, 6, 4], weights: [5, 7, 4, 3], capacity: 14, label: "classic")

  static func random(items: Int, seed: UInt64) -> Knapsack {
    var random = SplitMix64(seed: seed)
    let weights = (0..<items).map { _ in Double(Int.random(in: 10...60, using: &random)) }
    // Values close to the weights make the knapsack hard for branch and bound.
    let values = weights.map { $0 + Double(Int.random(in: 0...5, using: &random)) }
    let capacity = (weights.reduce(0, +) / 2).rounded(.down)
    return Knapsack(
      values: values, weights: weights, capacity: capacity,
      label: "random \(items) items, seed \(seed)")
  }

  /// The optimum by enumerating every subset (small instances only).
  var bruteForceOptimum: Double {
    var best = 0.0
    for mask in 0..<(1 << values.count) {
      var weight = 0.0
      var value = 0.0
      for item in values.indices where mask & (1 << item) != 0 {
        weight += weights[item]
        value += values[item]
      }
      if weight <= capacity { best = max(best, value) }
    }
    return best
  }

  /// The GLPK model: one binary column per item, one capacity row.
  func problem() throws -> MIPProblem {
    var problem = try MIPProblem(name: "knapsack")
    try problem.maximize()
    for (item, value) in values.enumerated() {
      try problem.addColumn(.binary, objective: value, name: "take_\(item)")
    }
    try problem.addRow(
      .upper(capacity), coefficients: weights.enumerated().map { ($0.offset, $0.element) },
      name: "capacity")
    return problem
  }

  func weight(of solution: [Double]) -> Double {
    zip(solution, weights).map { $0 * $1 }.reduce(0, +)
  }

  func value(of solution: [Double]) -> Double {
    zip(solution, values).map { $0 * $1 }.reduce(0, +)
  }
}
