// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Patchbay",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Patchbay", targets: ["Patchbay"]),
    .library(name: "PatchbayStore", targets: ["PatchbayStore"]),
    .library(name: "PatchbaySynthetic", targets: ["PatchbaySynthetic"]),
    .executable(name: "patchbay", targets: ["PatchbayCLI"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    // A command plugin only (`swift package generate-documentation`, `make docs`): nothing of it
    // is built by `swift build` or `swift test`.
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
  ],
  targets: [
    // The engine: model -> files -> validation -> allocation -> plan.
    .target(
      name: "Patchbay",
      dependencies: [
        "GLPK",
        .product(name: "CSV", package: "CSV.swift"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    // The only folder that touches GLPK: a C shim (error hook, setjmp) and a safe Swift layer.
    .target(
      name: "CGLPK",
      path: "Sources/GLPK/CShim",
      linkerSettings: [.linkedLibrary("glpk")]
    ),
    .target(
      name: "GLPK",
      dependencies: ["CGLPK"],
      path: "Sources/GLPK/Swift"
    ),
    // The provisioning state behind one protocol: in one SQLite file (SQLite/, the embedded
    // default) or in a PostgreSQL database (PostgreSQL/); the only code that touches either.
    .target(
      name: "PatchbayStore",
      dependencies: [
        "Patchbay",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]
    ),
    // Synthetic data centres of any size, for `patchbay generate`, the tests and the
    // benchmarks: not part of what a service links.
    .target(name: "PatchbaySynthetic", dependencies: ["Patchbay"]),
    // The thin command line: parse arguments, read files, call the library, print.
    .executableTarget(
      name: "PatchbayCLI",
      dependencies: [
        "Patchbay",
        "PatchbayStore",
        "PatchbaySynthetic",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    .testTarget(
      name: "PatchbayTests",
      dependencies: [
        "Patchbay",
        "PatchbaySynthetic",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(name: "GLPKTests", dependencies: ["GLPK"]),
    // What the store's tests and the command line's tests both make: files that are not
    // Patchbay databases.
    .target(
      name: "PatchbayTestSupport",
      dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
      path: "Tests/PatchbayTestSupport"
    ),
    // GRDB too: the tests reach past the store to check what SQLite itself refuses.
    .testTarget(
      name: "PatchbayStoreTests",
      dependencies: [
        "PatchbayStore", "PatchbayTestSupport",
        "PatchbaySynthetic",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    // Runs the built binary; the crash test also builds its setup database with the library and
    // checks the file with GRDB (integrity, port holdings).
    .testTarget(
      name: "PatchbayCLITests",
      dependencies: [
        "PatchbayCLI", "Patchbay", "PatchbayStore", "PatchbayTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
  ]
)
