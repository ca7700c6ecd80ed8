/// The checks of one request against the inventory, in precedence order (FORMATS.md): the first
/// that fails is the request's rejection. Cross-request rules (partner cascade, pending limit)
/// are ``BatchValidator``'s.
struct RequestChecks {
  let inventory: Inventory
  /// Ids of the batch's requests -> their position, to resolve `redundantConnection`.
  let batchPositions: RequestPositions
  let batch: [Request]
  /// Positions of requests whose id is also the id of an existing connection.
  let idsOfConnections: Set<Int>

  /// A `malformed_request` rejection when an id, the account or a reference of the request
  /// holds a control character (FORMATS.md "Identifiers"). The readers refuse such a file; a
  /// request built in code reaches this instead, and ``Provisioner/apply(_:)`` asks it before
  /// the store sees the id (SQLite would cut it at a NUL).
  package static func identifierRejection(_ request: Request) -> Rejection? {
    func problem(_ field: String, _ text: String?) -> Rejection? {
      guard let text, let problem = IdentifierRule.problem(text) else { return nil }
      return Rejection(request: request.id, code: .malformedRequest, message: "\(field) \(problem)")
    }
    return problem("id", request.id.rawValue) ?? problem("account", request.account)
      ?? problem("region", request.region) ?? problem("accessPoint", request.accessPoint)
      ?? problem("redundantConnection", request.redundantConnection)
  }

  /// Validates one request, or says why it is refused.
  func check(_ request: Request, at position: Int) -> Result<ValidatedRequest, Rejection> {
    func reject(_ code: RejectionCode, _ message: String) -> Result<ValidatedRequest, Rejection> {
      .failure(Rejection(request: request.id, code: code, message: message))
    }

    // malformed_request
    if let problem = request.fieldProblems.first {
      return reject(.malformedRequest, "\(problem.field) \(problem.problem)")
    }
    if let rejection = RequestChecks.identifierRejection(request) { return .failure(rejection) }
    // The list of missing fields is made only when one is missing: a valid request allocates
    // nothing here (the provisioning path).
    guard let accountText = request.account, let regionText = request.region,
      let accessPointText = request.accessPoint, let operatorText = request.lineOperator,
      let specText = request.portSpec, let typeText = request.portType
    else {
      let fields = [
        request.account, request.region, request.accessPoint, request.lineOperator,
        request.portSpec, request.portType,
      ]
      let missing = zip(Request.requiredFields, fields).filter { $0.1 == nil }.map(\.0)
      return reject(
        .malformedRequest,
        "\(Messages.list(missing)) \(missing.count == 1 ? "is" : "are") missing; every request "
          + "needs \(Messages.list(Request.requiredFields))")
    }
    if !idsOfConnections.isEmpty && idsOfConnections.contains(position) {
      return reject(
        .malformedRequest,
        "id \"\(request.id)\" is already the id of an existing connection; give the request an "
          + "id of its own, so that redundantConnection names one thing")
    }
    let account = AccountID(accountText)

    // unknown_region
    let regionID = RegionID(regionText)
    guard inventory.region(regionID) != nil else {
      return reject(
        .unknownRegion,
        "region \"\(regionText)\" is not in the inventory; the regions are "
          + Messages.list(inventory.regions.map(\.id.rawValue)))
    }
    // unknown_access_point
    let accessPointID = AccessPointID(accessPointText)
    guard let accessPoint = inventory.accessPoint(accessPointID) else {
      return reject(
        .unknownAccessPoint,
        "access point \"\(accessPointText)\" is not in the inventory; \(regionText) has "
          + Messages.accessPoints(in: regionID, of: inventory))
    }
    // access_point_region_mismatch
    guard accessPoint.region == regionID else {
      return reject(
        .accessPointRegionMismatch,
        "access point \(accessPointID) is in \(accessPoint.region), not in \(regionText); "
          + "\(regionText) has \(Messages.accessPoints(in: regionID, of: inventory))")
    }
    // access_point_unavailable
    guard accessPoint.status.acceptsNewConnections else {
      let open = inventory.accessPoints.filter {
        $0.region == regionID && $0.status.acceptsNewConnections
      }
      return reject(
        .accessPointUnavailable,
        "access point \(accessPointID) is \(accessPoint.status.rawValue) and takes no new "
          + "connections; "
          + (open.isEmpty
            ? "\(regionText) has no other open access point"
            : "open access points in \(regionText): \(Messages.list(open.map(\.id.rawValue)))"))
    }
    // unknown_line_operator
    guard let lineOperator = LineOperator(rawValue: operatorText) else {
      return reject(
        .unknownLineOperator,
        "line operator \"\(operatorText)\" is not one of "
          + Messages.list(LineOperator.allCases.map(\.rawValue)))
    }
    // line_operator_not_served
    guard accessPoint.lineOperators.contains(lineOperator) else {
      let served = LineOperator.allCases.filter { accessPoint.lineOperators.contains($0) }
      return reject(
        .lineOperatorNotServed,
        "access point \(accessPointID) does not serve line operator \(operatorText); it serves "
          + (served.isEmpty ? "none" : Messages.list(served.map(\.rawValue))))
    }
    // unsupported_interface
    let knownType = PortType(rawValue: typeText)
    let knownSpec = PortSpec(rawValue: specText)
    if knownType == nil || knownSpec == nil,
      let sdh = [typeText, specText].first(where: SDHInterface.matches)
    {
      return reject(
        .unsupportedInterface,
        "\"\(sdh)\" is an SDH interface, and SDH (155M CPOS, V.35, G.703) is not supported; "
          + "apply for an Ethernet port type such as 10GBase-LR")
    }
    // unknown_port_type
    guard let portType = knownType else {
      let hint = PortType.closeMatch(to: typeText).map { " (did you mean \($0.rawValue)?)" } ?? ""
      return reject(
        .unknownPortType,
        "port type \"\(typeText)\" is not one of "
          + Messages.list(PortType.allCases.map(\.rawValue)) + hint)
    }
    // unknown_port_spec
    guard let portSpec = knownSpec else {
      let hint =
        PortSpec.allCases.first { normalizedSpelling($0.rawValue) == normalizedSpelling(specText) }
        .map { " (did you mean \($0.rawValue)?)" } ?? ""
      return reject(
        .unknownPortSpec,
        "port spec \"\(specText)\" is not one of "
          + Messages.list(PortSpec.allCases.map(\.rawValue)) + hint)
    }
    // port_spec_mismatch
    guard portType.spec == portSpec else {
      return reject(
        .portSpecMismatch,
        "port type \(portType.rawValue) is a \(portType.spec.rawValue) type, not "
          + "\(portSpec.rawValue); ask for port spec \(portType.spec.rawValue), or for a "
          + "\(portSpec.rawValue) type: \(Messages.list(portSpec.portTypes.map(\.rawValue)))")
    }
    // port_type_not_offered
    guard accessPoint.portTypes.contains(portType) else {
      return reject(
        .portTypeNotOffered,
        "access point \(accessPointID) does not offer \(portType.rawValue); it offers "
          + accessPoint.portTypes.listDescription)
    }
    // whitelist_required
    if portSpec.needsWhitelist && !inventory.isWhitelisted(account) {
      return reject(
        .whitelistRequired,
        "\(portType.rawValue) needs account \(account) on the 40G/100G whitelist; ask for the "
          + "account to be added, or apply for 10G or below")
    }
    // redundant connection checks
    var partner: RedundancyPartner?
    if let named = request.redundantConnection {
      switch checkPartner(named, of: request, region: regionID) {
      case .success(let resolved): partner = resolved
      case .failure(let rejection): return .failure(rejection)
      }
    }
    return .success(
      ValidatedRequest(
        id: request.id, batchIndex: position, account: account, region: regionID,
        accessPoint: accessPointID, lineOperator: lineOperator, portType: portType,
        partner: partner, priority: request.priority))
  }

  private func checkPartner(_ named: String, of request: Request, region: RegionID)
    -> Result<RedundancyPartner, Rejection>
  {
    func reject(_ code: RejectionCode, _ message: String) -> Result<RedundancyPartner, Rejection> {
      .failure(Rejection(request: request.id, code: code, message: message))
    }
    // redundant_connection_self
    if ExactText.equal(named, request.id.rawValue) {
      return reject(
        .redundantConnectionSelf,
        "the request names itself (\(named)) as its redundant connection; name the connection "
          + "or request it backs up")
    }
    // The connection's fields are read in place: a copy of it would retain its every string.
    if let index = inventory.connectionIndex(of: ConnectionID(named)) {
      let connection = (
        id: inventory.connections[index].id, accessPoint: inventory.connections[index].accessPoint,
        status: inventory.connections[index].status
      )
      let partnerRegion = inventory.accessPointIndex(of: connection.accessPoint).map {
        inventory.accessPoints[$0].region
      }
      // redundant_connection_region_mismatch
      if let partnerRegion, partnerRegion != region {
        return reject(
          .redundantConnectionRegionMismatch,
          "redundant connection \(named) is in \(partnerRegion), but this request is in "
            + "\(region); redundant connections must be in the same region")
      }
      // redundant_connection_not_ready
      guard connection.status.canBeRedundancyTarget else {
        return reject(
          .redundantConnectionNotReady,
          "redundant connection \(named) is \(connection.status.rawValue); it must be "
            + "Allocated, Confirmed or Enabled before another connection can back it up")
      }
      return .success(.connection(connection.id))
    }
    guard let position = batchPositions[named] else {
      // unknown_redundant_connection
      return reject(
        .unknownRedundantConnection,
        "redundant connection \"\(named)\" is neither a connection of the inventory nor a "
          + "request of this batch")
    }
    let partnerRegion = batch[position].region ?? ""
    if partnerRegion != region.rawValue {
      return reject(
        .redundantConnectionRegionMismatch,
        "redundant request \(named) is in \(partnerRegion.isEmpty ? "no region" : partnerRegion), "
          + "but this request is in \(region); redundant connections must be in the same region")
    }
    return .success(.request(RequestID(named)))
  }
}

/// SDH interfaces (155M CPOS, V.35, G.703) in any spelling a person would type.
enum SDHInterface {
  static let spellings: Set<String> = [
    "155mcpos", "cpos", "cpos155m", "155m", "155mbps", "stm1", "v35", "g703", "g703e1", "e1",
    "sdh", "sdhstm1", "oc3",
  ]

  static func matches(_ text: String) -> Bool {
    let key = normalizedSpelling(text)
    return spellings.contains(key) || key.hasPrefix("sdh")
      || key.utf8.indices.contains { key.utf8[$0...].starts(with: "cpos".utf8) }
  }
}
