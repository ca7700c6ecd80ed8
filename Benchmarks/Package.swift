// swift-tools-version: 6.1
// Patchbay's benchmarks, a package of their own so that `swift build` and `swift test` of Patchbay
// never compile the benchmark harness (STYLE.md).
import PackageDescription

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
    // The baseline: plain first fit in batch order, keeping FORMATS.md's guarantees.
    .target(
      name: "FirstFitBaseline",
      dependencies: [.product(name: "Patchbay", package: "Patchbay")]
    ),
    // `patchbay-first-fit --inventory I --requests R --output P`.
    .executableTarget(
      name: "FirstFit",
      dependencies: ["FirstFitBaseline", .product(name: "Patchbay", package: "Patchbay")]
    ),
    .testTarget(
      name: "FirstFitTests",
      dependencies: ["FirstFitBaseline", .product(name: "Patchbay", package: "Patchbay")]
    ),
  ]
)
