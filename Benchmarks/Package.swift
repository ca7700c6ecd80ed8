// swift-tools-version: 6.1
// Patchbay's benchmarks, a package of their own so that `swift build` and `swift test` of Patchbay
// never compile the benchmark harness (STYLE.md). Run them from the repository root with
// `make benchmarks` (BENCHMARKS.md).
import PackageDescription

/// A benchmark suite: `Benchmarks/<name>/<name>.swift`, found and run by ordo-one/benchmark's
/// `swift package benchmark`.
func benchmark(_ name: String, extra: [Target.Dependency] = []) -> Target {
  .executableTarget(
    name: name,
    dependencies: [
      "BenchmarkInputs",
      .product(name: "Patchbay", package: "Patchbay"),
      .product(name: "PatchbaySynthetic", package: "Patchbay"),
      .product(name: "Benchmark", package: "benchmark"),
    ] + extra,
    path: "Benchmarks/\(name)",
    plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
  )
}

let package = Package(
  name: "PatchbayBenchmarks",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "patchbay-first-fit", targets: ["FirstFit"]),
    .executable(name: "patchbay-load", targets: ["LoadTest"]),
  ],
  dependencies: [
    // The package's identity is its folder's name, which differs between clones; `name:` lets
    // the targets below say "Patchbay" wherever the repository is checked out.
    .package(name: "Patchbay", path: ".."),
    // MallocInterposer only: the default traits pull a package this machine's mirror lacks.
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    // The load test's HTTP client (keep-alive connections, many requests in flight at once).
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
  ],
  targets: [
    // Inputs (synthetic data centres, fixed seed), the shared configuration, and the
    // `patchbay allocate` pipeline without file input and output.
    .target(
      name: "BenchmarkInputs",
      dependencies: [
        .product(name: "Patchbay", package: "Patchbay"),
        .product(name: "PatchbaySynthetic", package: "Patchbay"),
        .product(name: "Benchmark", package: "benchmark"),
      ]
    ),
    // The baseline: plain first fit in batch order, keeping FORMATS.md's guarantees.
    .target(
      name: "FirstFitBaseline",
      dependencies: [.product(name: "Patchbay", package: "Patchbay")]
    ),
    // `patchbay-first-fit --inventory I --requests R --output P`.
    .executableTarget(
      name: "FirstFit",
      dependencies: [
        "FirstFitBaseline", .product(name: "Patchbay", package: "Patchbay"),
        .product(name: "PatchbaySynthetic", package: "Patchbay"),
      ]
    ),
    .testTarget(
      name: "FirstFitTests",
      dependencies: [
        "FirstFitBaseline", .product(name: "Patchbay", package: "Patchbay"),
        .product(name: "PatchbaySynthetic", package: "Patchbay"),
      ]
    ),
    // `patchbay-load`: `patchbay serve` under load on loopback, on SQLite or PostgreSQL, one
    // or two instances (BENCHMARKS.md, "The HTTP API under load"; `make load-test`).
    .executableTarget(
      name: "LoadTest",
      dependencies: [
        .product(name: "Patchbay", package: "Patchbay"),
        .product(name: "PatchbayStore", package: "Patchbay"),
        .product(name: "PatchbaySynthetic", package: "Patchbay"),
        .product(name: "PatchbayServer", package: "Patchbay"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
      ]
    ),
    .testTarget(
      name: "LoadTestTests",
      dependencies: [
        "LoadTest", .product(name: "Patchbay", package: "Patchbay"),
        .product(name: "PatchbaySynthetic", package: "Patchbay"),
      ]
    ),
    benchmark("Decode"),
    benchmark("Validate"),
    benchmark("Allocate", extra: ["FirstFitBaseline"]),
    benchmark("Pipeline"),
    benchmark("Drain"),
    benchmark("Provisioning"),
    benchmark("Lifecycle", extra: [.product(name: "PatchbayStore", package: "Patchbay")]),
  ]
)
