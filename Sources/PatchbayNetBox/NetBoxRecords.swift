import Patchbay

/// A NetBox site, as much of it as the import reads (`/api/dcim/sites/`).
package struct NetBoxSite: Sendable, Hashable {
  package var id: Int
  package var slug: String
  package var name: String?
  /// The status value (`active`, `planned`, ...); `nil` when NetBox gives none.
  package var status: String?
  package var regionSlug: String?
  package var regionName: String?
  /// The custom field `patchbay_line_operators` as listed, `nil` when absent, null or empty.
  package var lineOperators: [String]?

  package init(
    id: Int, slug: String, name: String? = nil, status: String? = "active",
    regionSlug: String? = nil, regionName: String? = nil, lineOperators: [String]? = nil
  ) {
    self.id = id
    self.slug = slug
    self.name = name
    self.status = status
    self.regionSlug = regionSlug
    self.regionName = regionName
    self.lineOperators = lineOperators
  }
}

/// A NetBox device (`/api/dcim/devices/`): its role is `role` in NetBox 4 and `device_role` in 3.
package struct NetBoxDevice: Sendable, Hashable {
  package var id: Int
  /// `nil` for an unnamed device (NetBox allows them).
  package var name: String?
  package var roleSlug: String?
  package var siteSlug: String?
  package var status: String?

  package init(
    id: Int, name: String?, roleSlug: String?, siteSlug: String?, status: String? = "active"
  ) {
    self.id = id
    self.name = name
    self.roleSlug = roleSlug
    self.siteSlug = siteSlug
    self.status = status
  }
}

/// What is at the far end of an interface's cable.
package enum NetBoxLinkPeer: Sendable, Hashable {
  /// Another interface (`dcim.interface`).
  case interface(id: Int)
  /// A circuit termination (`circuits.circuittermination`): the circuit's id and the side.
  case circuitTermination(cid: String, side: String?)
  /// Anything else (a front port, a power feed, ...), by its type.
  case other(type: String)
}

/// A NetBox interface (`/api/dcim/interfaces/`).
package struct NetBoxInterface: Sendable, Hashable {
  package var id: Int
  package var deviceID: Int
  package var name: String
  /// The type value (`1000base-t`, `virtual`, `lag`, ...); `nil` when NetBox gives none.
  package var type: String?
  package var enabled: Bool
  package var managementOnly: Bool
  package var hasCable: Bool
  package var markConnected: Bool
  package var linkPeers: [NetBoxLinkPeer]

  package init(
    id: Int, deviceID: Int, name: String, type: String?, enabled: Bool = true,
    managementOnly: Bool = false, hasCable: Bool = false, markConnected: Bool = false,
    linkPeers: [NetBoxLinkPeer] = []
  ) {
    self.id = id
    self.deviceID = deviceID
    self.name = name
    self.type = type
    self.enabled = enabled
    self.managementOnly = managementOnly
    self.hasCable = hasCable
    self.markConnected = markConnected
    self.linkPeers = linkPeers
  }
}

/// Reading records out of NetBox's JSON: lenient about what the import does not need (unknown
/// members, a missing or null status, nested objects in either version's brief shape), strict
/// about the ids that tie records together.
package enum NetBoxRecordReader {
  /// Why a record cannot be read: the place in the page (`results[3].device.id`) and what was
  /// found.
  package struct Problem: Error, Sendable, Hashable {
    package var place: String
    package var message: String
  }

  package static func site(_ value: JSONValue, at place: String) throws(Problem) -> NetBoxSite {
    let id = try identifier(value, at: place)
    guard let slug = value.member("slug")?.string, !slug.isEmpty else {
      throw Problem(place: "\(place).slug", message: found(value.member("slug"), "the site's slug"))
    }
    let region = value.member("region")
    var operators: [String]?
    if let fields = value.member("custom_fields"),
      let field = fields.member(
        "patchbay_line_operators")
    {
      operators = try lineOperators(field, at: "\(place).custom_fields.patchbay_line_operators")
    }
    return NetBoxSite(
      id: id, slug: slug, name: value.member("name")?.string,
      status: choice(value.member("status")),
      regionSlug: region?.member("slug")?.string, regionName: region?.member("name")?.string,
      lineOperators: operators)
  }

  package static func device(_ value: JSONValue, at place: String) throws(Problem) -> NetBoxDevice {
    let id = try identifier(value, at: place)
    // NetBox 4 says `role`, NetBox 3 `device_role` (3.6 and later give both).
    let role = value.member("role").flatMap { $0.isNull ? nil : $0 } ?? value.member("device_role")
    return NetBoxDevice(
      id: id, name: value.member("name")?.string.flatMap { $0.isEmpty ? nil : $0 },
      roleSlug: role?.member("slug")?.string,
      siteSlug: value.member("site")?.member("slug")?.string,
      status: choice(value.member("status")))
  }

  package static func interface(_ value: JSONValue, at place: String) throws(Problem)
    -> NetBoxInterface
  {
    let id = try identifier(value, at: place)
    guard let device = value.member("device"), device.kind == .object else {
      throw Problem(
        place: "\(place).device", message: found(value.member("device"), "the interface's device"))
    }
    let deviceID = try identifier(device, at: "\(place).device")
    guard let name = value.member("name")?.string else {
      throw Problem(
        place: "\(place).name", message: found(value.member("name"), "the interface's name"))
    }
    var peers: [NetBoxLinkPeer] = []
    // NetBox 3.3 and later: `link_peers` and one `link_peers_type`; 3.0 to 3.2: `link_peer` and
    // `link_peer_type`, one object.
    if let list = value.member("link_peers"), list.kind == .array {
      let type = value.member("link_peers_type")?.string ?? ""
      peers = list.elements.map { peer(type: type, $0) }
    } else if let single = value.member("link_peer"), single.kind == .object {
      peers = [peer(type: value.member("link_peer_type")?.string ?? "", single)]
    }
    let cable = value.member("cable")
    return NetBoxInterface(
      id: id, deviceID: deviceID, name: name, type: choice(value.member("type")),
      enabled: value.member("enabled")?.kind != .false,
      managementOnly: value.member("mgmt_only")?.kind == .true,
      hasCable: cable != nil && cable?.isNull == false,
      markConnected: value.member("mark_connected")?.kind == .true, linkPeers: peers)
  }

  private static func peer(type: String, _ value: JSONValue) -> NetBoxLinkPeer {
    switch type {
    case "dcim.interface":
      if let id = value.member("id")?.integer { return .interface(id: id) }
    case "circuits.circuittermination":
      if let cid = value.member("circuit")?.member("cid")?.string {
        return .circuitTermination(cid: cid, side: value.member("term_side")?.string)
      }
    default: break
    }
    return .other(type: type.isEmpty ? "unknown" : type)
  }

  /// A choice field: `{"value": "active", "label": "Active"}`, or a bare string as some
  /// versions and plugins give; `nil` for null or absent.
  private static func choice(_ value: JSONValue?) -> String? {
    guard let value else { return nil }
    if value.kind == .object { return value.member("value")?.string }
    return value.string
  }

  private static func identifier(_ value: JSONValue, at place: String) throws(Problem) -> Int {
    guard value.kind == .object else {
      throw Problem(place: place, message: "is \(value.typeDescription), not a record (an object)")
    }
    guard let id = value.member("id")?.integer else {
      throw Problem(place: "\(place).id", message: found(value.member("id"), "a numeric id"))
    }
    return id
  }

  /// The custom field as a multiple-selection (an array of strings) or a text field (values
  /// separated by commas or spaces); `nil` when it is null or lists nothing.
  private static func lineOperators(_ value: JSONValue, at place: String) throws(Problem)
    -> [String]?
  {
    var names: [String] = []
    switch value.kind {
    case .null: return nil
    case .string:
      names = (value.string ?? "").split(whereSeparator: { $0 == "," || $0 == " " })
        .map(String.init)
    case .array:
      for (index, element) in value.elements.enumerated() {
        guard let name = element.string else {
          throw Problem(
            place: "\(place)[\(index)]", message: "is \(element.typeDescription), not a string")
        }
        names.append(name)
      }
    default:
      throw Problem(
        place: place,
        message: "is \(value.typeDescription); give a list of line operators or a text such as "
          + "\"CT,CU\"")
    }
    return names.isEmpty ? nil : names
  }

  private static func found(_ value: JSONValue?, _ what: String) -> String {
    guard let value else { return "is missing; NetBox always gives \(what)" }
    return "is \(value.typeDescription), expected \(what)"
  }
}
