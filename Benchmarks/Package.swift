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
    .executable(name: "patchbay-first-fit", targets: ["FirstFit"])
  ],
  dependencies: [
    // The package's identity is its folder's name, which differs between clones; `name:` lets
    // the targets below say "Patchbay" wherever the repository is checked out.
    .package(name: "Patchbay", path: ".."),
    // MallocInterposer only: the default traits pull a package this machine's mirror lacks.
    .package(
      url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
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
    benchmark("Decode"),
    benchmark("Validate"),
    benchmark("Allocate", extra: ["FirstFitBaseline"]),
    benchmark("Pipeline"),
    benchmark("Provisioning"),
    benchmark("Lifecycle", extra: [.product(name: "PatchbayStore", package: "Patchbay")]),
  ]
)
