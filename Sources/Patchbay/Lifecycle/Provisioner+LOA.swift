extension Provisioner {
  /// The Letter of Authorization document of an interface that holds its port
  /// (``InterfaceState/approvedLOA`` to ``InterfaceState/enabled``), read in one read
  /// transaction (it never waits for writers).
  ///
  /// - Throws: ``LifecycleError`` `unknown_interface` when there is no such interface,
  ///   `invalid_transition` naming the state when it holds no port (before approval, or after
  ///   cancel or terminate); ``InventoryError`` when the database contradicts itself;
  ///   ``StoreError`` when the store fails.
  public func loaDocument(_ id: InterfaceID) async throws -> LOADocument {
    try await store.read { store in
      guard let interface = try await store.interface(id) else {
        throw LifecycleError.unknownInterface(
          id, isConnection: try await store.connection(id) != nil)
      }
      guard interface.state.holdsPort else {
        throw LifecycleError.noLOADocument(interface: id, state: interface.state)
      }
      var scope = InventoryScope(accessPoints: [interface.accessPoint])
      if let partner = interface.redundantConnection {
        scope.connections.insert(partner)
        // The partner's own access point too, so that its device (and cabinet) is read.
        let partnerAccessPoint =
          if let other = try await store.interface(partner) {
            other.accessPoint
          } else {
            try await store.connection(partner)?.accessPoint
          }
        if let partnerAccessPoint { scope.accessPoints.insert(partnerAccessPoint) }
      }
      return try LOADocument(
        interface: interface, history: try await store.history(of: id),
        slice: try await store.slice(scope))
    }
  }
}
