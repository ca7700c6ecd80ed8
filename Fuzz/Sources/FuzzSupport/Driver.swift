import CLibFuzzer

#if canImport(Glibc)
  import Glibc
#endif

/// Runs libFuzzer on `body` with the process's arguments (`-max_total_time=`, corpus folders:
/// libFuzzer's own options) and exits with its status. Each fuzzer's `main.swift` calls this:
/// SwiftPM gives an executable its own `main`, so libFuzzer's `main` cannot be the entry point.
public func runLibFuzzer(
  _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Never {
  var argc = CommandLine.argc
  var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, body))
}
