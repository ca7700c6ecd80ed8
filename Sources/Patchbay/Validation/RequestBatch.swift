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
  package let positions: RequestPositions

  /// Only the decoder makes one: it has checked that the ids are unique.
  init(requests: [Request], positions: RequestPositions) {
    self.requests = requests
    self.positions = positions
  }
}

/// The batch position of each request id (the first, should ids repeat), in an
/// ``IdentifierIndex`` over the requests' own ids rather than a dictionary of copies of them.
package struct RequestPositions: Sendable {
  private let requests: [Request]
  private var index: IdentifierIndex

  /// No ids: allocates nothing (the provisioning path's batch of one).
  package init() {
    requests = []
    index = IdentifierIndex()
  }

  /// Indexes the ids of `requests`; `repeated` is called with the position of each id seen
  /// before, and the position that has it first, which keeps it.
  init(_ requests: [Request], repeated: (_ position: Int, _ first: Int) -> Void = { _, _ in }) {
    self.requests = requests
    index = IdentifierIndex(capacity: requests.count)
    for position in requests.indices {
      if let first = index.insert(
        requests[position].id.rawValue, at: position, key: { requests[$0].id.rawValue })
      {
        repeated(position, first)
      }
    }
  }

  /// The number of distinct ids.
  package var count: Int { index.count }

  /// The batch position of the request with this id, if the batch has one.
  package subscript(id: RequestID) -> Int? { self[id.rawValue] }

  /// The batch position of the request whose id is `text`, if the batch has one.
  package subscript(text: String) -> Int? {
    let requests = self.requests
    return index.position(of: text, key: { requests[$0].id.rawValue })
  }
}
