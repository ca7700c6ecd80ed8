// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "Patchbay",
  platforms: [.macOS(.v15)],
  products: [
    .library(name: "Patchbay", targets: ["Patchbay"]),
    .library(name: "PatchbayStore", targets: ["PatchbayStore"]),
    .library(name: "PatchbaySynthetic", targets: ["PatchbaySynthetic"]),
    .library(name: "PatchbayServer", targets: ["PatchbayServer"]),
    .library(name: "PatchbayNetBox", targets: ["PatchbayNetBox"]),
    .executable(name: "patchbay", targets: ["PatchbayCLI"]),
    .executable(name: "patchbay-probe", targets: ["PatchbayProbe"]),
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
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
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
        // SQLite's own functions, as GRDB links them: `BoundStatement` binds without copies.
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
      ]
    ),
    // Synthetic data centres of any size, for `patchbay generate`, the tests and the
    // benchmarks: not part of what a service links.
    .target(name: "PatchbaySynthetic", dependencies: ["Patchbay"]),
    // The HTTP API (SERVICE.md): routes, roles and the service's edges (tokens, idempotency,
    // problem details, metrics), calling the lifecycle and a store; no lifecycle logic of its own.
    .target(
      name: "PatchbayServer",
      dependencies: [
        "Patchbay",
        "PatchbayStore",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      resources: [.copy("openapi.json")]
    ),
    // `patchbay import netbox` (NETBOX.md): NetBox's REST API read page by page, and its records
    // mapped to an inventory; the only code that reaches a network as a client.
    .target(
      name: "PatchbayNetBox",
      dependencies: [
        "Patchbay",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ]
    ),
    // The thin command line: parse arguments, read files, call the library, print.
    .executableTarget(
      name: "PatchbayCLI",
      dependencies: [
        "Patchbay",
        "PatchbayStore",
        "PatchbayServer",
        "PatchbaySynthetic",
        "PatchbayNetBox",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    // The instruction-count gate's probe (make instructions): places single requests on a
    // synthetic data centre built in memory, so callgrind can count LiveInventory.place alone.
    .executableTarget(name: "PatchbayProbe", dependencies: ["Patchbay", "PatchbaySynthetic"]),
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
    // Real HTTP over loopback: servers started in the test on free ports, on SQLite and on the
    // test cluster's PostgreSQL, driven by async-http-client; every answer checked against the
    // OpenAPI document.
    .testTarget(
      name: "PatchbayServerTests",
      dependencies: [
        "PatchbayServer", "PatchbayStore", "Patchbay", "PatchbayTestSupport", "PatchbaySynthetic",
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "Hummingbird", package: "hummingbird"),
      ]
    ),
    // The mapping over fixtures, and the client and the command against a NetBox emulation
    // started in the test on a loopback port (fixtures/netbox/, both API shapes, with faults).
    .testTarget(
      name: "PatchbayNetBoxTests",
      dependencies: [
        "PatchbayNetBox", "Patchbay", "PatchbayStore", "PatchbayCLI",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
      ]
    ),
    // Runs the built binary; the crash test also builds its setup database with the library and
    // checks the file with GRDB (integrity, port holdings).
    .testTarget(
      name: "PatchbayCLITests",
      dependencies: [
        "PatchbayCLI", "Patchbay", "PatchbayStore", "PatchbayTestSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"),
      ]
    ),
  ]
)
