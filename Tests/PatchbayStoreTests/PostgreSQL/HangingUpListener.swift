import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// A server on a loopback port that accepts every connection and closes it before saying a word,
/// counting them: how a test sees how many times a client tried, without timing it.
final class HangingUpListener: Sendable {
  /// The port it listens on, chosen by the system.
  let port: Int
  private let descriptor: Int32
  private let count = Mutex(0)

  /// The connections accepted (and closed) so far.
  var accepted: Int { count.withLock { $0 } }

  init() throws {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure("socket: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
        bind(descriptor, generic, length) == 0 && listen(descriptor, 16) == 0
          && getsockname(descriptor, generic, &length) == 0
      }
    }
    guard bound else {
      close(descriptor)
      throw Failure("bind or listen on 127.0.0.1: errno \(errno)")
    }
    self.descriptor = descriptor
    self.port = Int(UInt16(bigEndian: address.sin_port))
    Thread.detachNewThread { [self] in
      // accept fails once stop() shuts the socket down; that ends the loop.
      while true {
        let connection = accept(descriptor, nil, nil)
        if connection < 0 {
          if errno == EINTR { continue }
          return
        }
        self.count.withLock { $0 += 1 }
        close(connection)
      }
    }
  }

  /// Stops accepting and frees the port.
  func stop() {
    shutdown(descriptor, Int32(SHUT_RDWR))
    close(descriptor)
  }

  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }
}
