/// A batch whose request ids are known to be unique, with the position of each id.
///
/// Reading a file must check that ids are unique, which indexes every id; validation needs the
/// same index. Made by the decoder, it is handed to ``BatchValidator`` so that a million ids are
/// hashed once, on the thread that read the requests while the other one still reads the
/// inventory.
package struct RequestBatch: Sendable {
  /// The requests, in file order.
  package let requests: [Request]
  /// The position in ``requests`` of each id.
  package let positions: [RequestID: Int]

  /// Only the decoder makes one: it has checked that the ids are unique.
  init(requests: [Request], positions: [RequestID: Int]) {
    self.requests = requests
    self.positions = positions
  }
}
