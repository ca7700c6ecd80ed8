// swift-tools-version: 6.1
// Patchbay's coverage-guided fuzzers (libFuzzer), a package of their own so that `swift build`
// and `swift test` of Patchbay never compile them: they need `-sanitize=fuzzer,address`, which
// `make fuzz` passes (README.md, "Fuzzing"). They use the library's public API only.
import PackageDescription

/// A fuzzer: `Sources/<name>/main.swift` hands its one-input function to libFuzzer's driver.
func fuzzer(_ name: String) -> Target {
  .executableTarget(
    name: name,
    dependencies: ["FuzzSupport", .product(name: "Patchbay", package: "Patchbay")]
  )
}

let package = Package(
  name: "PatchbayFuzz",
  platforms: [.macOS(.v15)],
  dependencies: [
    // `name:` so that the targets say "Patchbay" whatever the clone's folder is called.
    .package(name: "Patchbay", path: "..")
  ],
  targets: [
    // What every fuzzer shares: the oracles (an error must be the decoder's input error, a
    // round trip must give the same value) and the fixtures the fuzzers check against.
    .target(
      name: "FuzzSupport",
      dependencies: ["CLibFuzzer", .product(name: "Patchbay", package: "Patchbay")]
    ),
    // The declaration of libFuzzer's driver, which the runtime of `-sanitize=fuzzer` defines.
    .target(name: "CLibFuzzer"),
    fuzzer("InventoryFuzzer"),
    fuzzer("RequestsJSONFuzzer"),
    fuzzer("RequestsCSVFuzzer"),
    fuzzer("SingleRequestFuzzer"),
    fuzzer("PlanFuzzer"),
    fuzzer("LOAFuzzer"),
    fuzzer("PipelineFuzzer"),
  ]
)
