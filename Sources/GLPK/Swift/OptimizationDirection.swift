/// Whether the objective is minimized or maximized.
public enum OptimizationDirection: Sendable, Hashable {
  case minimize
  case maximize
}
