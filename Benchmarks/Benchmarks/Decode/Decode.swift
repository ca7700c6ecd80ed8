import Benchmark
import BenchmarkInputs
import Patchbay

// Reading the two input files of `patchbay allocate` from memory: the JSON reader, building the
// model, and (for the inventory) checking it for contradictions. The bytes are made in setup.
let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .patchbay(maxIterations: 10)

  Benchmark("decode inventory large") { benchmark, files in
    do {
      blackHole(try InventoryDecoder.decode(files.inventory, file: "inventory.json"))
    } catch {
      benchmark.error("\(error)")
    }
  } setup: {
    BenchmarkInputs.files(.large)
  }

  Benchmark("decode requests large", configuration: .patchbay(maxIterations: 20)) {
    benchmark, files in
    do {
      blackHole(try RequestsDecoder.decode(files.requests, file: "requests.json", format: .json))
    } catch {
      benchmark.error("\(error)")
    }
  } setup: {
    BenchmarkInputs.files(.large)
  }

  Benchmark(
    "decode inventory huge",
    configuration: .patchbay(maxIterations: 3, maxDuration: .seconds(60), warmupIterations: 0)
  ) { benchmark, inventory in
    do {
      blackHole(try InventoryDecoder.decode(inventory, file: "inventory.json"))
    } catch {
      benchmark.error("\(error)")
    }
  } setup: {
    InventoryEncoder.jsonBytes(BenchmarkInputs.centre(.huge).inventory)
  }
}
