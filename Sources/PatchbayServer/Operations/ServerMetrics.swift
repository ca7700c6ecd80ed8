import Metrics
import Prometheus
import Synchronization

/// The process's metrics in Prometheus's text format (`GET /metrics`): requests by route and
/// status, latency histograms, transitions by action, database retries. Everything is counted
/// through swift-metrics, so a service that links the library and bootstraps its own backend
/// gets the same series there.
package enum ServerMetrics {
  package static let registry = PrometheusCollectorRegistry()
  private static let bootstrapped = Mutex(false)

  /// Makes this process's swift-metrics backend the Prometheus registry that `/metrics` shows;
  /// once per process (swift-metrics allows one bootstrap), later calls do nothing.
  package static func bootstrap() {
    bootstrapped.withLock { done in
      guard !done else { return }
      var factory = PrometheusMetricsFactory(registry: registry)
      factory.defaultDurationHistogramBuckets = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
      ]
      MetricsSystem.bootstrap(factory)
      done = true
    }
  }

  static func text() -> [UInt8] {
    var buffer: [UInt8] = []
    registry.emit(into: &buffer)
    return buffer
  }
}
