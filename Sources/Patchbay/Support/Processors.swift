#if canImport(Glibc)
  import Glibc
#endif

/// The machine's cores, which validation and allocation both size their work by.
enum Processors {
  /// Cores online for this process; 1 where the system cannot say.
  static var available: Int {
    #if canImport(Glibc)
      return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #else
      return 1
    #endif
  }
}
