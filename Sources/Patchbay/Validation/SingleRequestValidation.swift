extension BatchValidator {
  /// Validates a batch of one request: the same outcome, code and message as
  /// `validate([request])`, without building the batch's tables (the provisioning path,
  /// ``LiveInventory/place(_:)``, checks one request at a time and must not allocate).
  ///
  /// Each step of ``validate(_:)`` is taken as it applies to a batch of one, with the same
  /// ``RequestChecks`` and ``PendingLimit``:
  /// - The batch positions hold only the request's own id, and a request that names its own id
  ///   as its redundant connection is refused (`redundant_connection_self`) before the positions
  ///   are looked at, so the checks get none (an empty dictionary allocates nothing).
  /// - Its id clashes with a connection's exactly when the inventory has a connection with that
  ///   id; only then is the set of clashing positions made (the request is refused then).
  /// - A redundancy group needs two requests of the batch, so there is none to cascade.
  /// - The pending limit counts the inventory's pending connections and this request alone, and
  ///   the access point quota the account's live connections there and this request alone (a
  ///   dictionary lookup each: nothing is allocated unless the request is refused).
  func validate(only request: Request) -> Result<ValidatedRequest, Rejection> {
    let clashing: Set<Int> =
      inventory.connection(ConnectionID(request.id.rawValue)) == nil ? [] : [0]
    let checks = RequestChecks(
      inventory: inventory, batchPositions: [:], batch: [], idsOfConnections: clashing)
    switch checks.check(request, at: 0) {
    case .failure(let rejection): return .failure(rejection)
    case .success(let valid):
      if let rejection = PendingLimit(inventory: inventory).rejection(ofOnly: valid) {
        return .failure(rejection)
      }
      if let rejection = AccessPointQuota.rejection(ofOnly: valid, in: inventory) {
        return .failure(rejection)
      }
      return .success(valid)
    }
  }
}
