import Foundation

/// The Letter of Authorization the customer downloads once the LOA is approved and hands to the
/// installers: where to go (the access point and its data-centre location), what to connect to
/// (the device, its cabinet, the port and its type) and who is expected (the field engineers,
/// their certificate numbers masked by ``CertificateMask``).
///
/// Made only by ``init(interface:history:slice:)`` (``Provisioner/loaDocument(_:)`` calls it),
/// which checks that the interface holds a port and that the inventory names it, so a value of
/// this type always describes a real reservation. It is the same value every time it is asked
/// for, until the allocation changes: then ``reference`` and ``issuedAt`` change with it.
public struct LOADocument: Sendable, Hashable {
  /// A field engineer as the document names them: the certificate number masked.
  public struct Engineer: Sendable, Hashable {
    /// The engineer's full name.
    public let name: String
    /// How the data centre reaches them.
    public let contact: String
    /// The kind of identity document they will show.
    public let certificateType: CertificateType
    /// The document's number, masked by ``CertificateMask/masked(_:)``.
    public let maskedCertificateNumber: String
  }

  /// The interface's redundant connection and, when it may be shown, where it landed: the
  /// installers must not patch the line into the device that holds it.
  public struct RedundantConnection: Sendable, Hashable {
    /// The connection's (or interface's) id.
    public let id: ConnectionID
    /// It belongs to another account: where it stands is not shown (every member but ``id`` is
    /// `nil`).
    public let isOtherAccount: Bool
    /// Its API status now; `nil` when it is another account's or an interface that is over
    /// (canceled or terminated: the inventory no longer holds it).
    public let status: ConnectionStatus?
    /// Its access point, when shown.
    public let accessPoint: AccessPointID?
    /// The device it holds a port on, when it holds one and may be shown.
    public let device: DeviceID?
    /// Where that device stands, when the inventory records it.
    public let cabinet: String?
    /// The port it holds on ``device``.
    public let port: String?
  }

  /// A short code that names this allocation: `LOA-` and 12 hexadecimal digits of a hash of the
  /// interface id, the device, the port and the time the port was reserved (see
  /// ``reference(interface:device:port:allocatedAt:)``). Another allocation gives another
  /// reference; the same one always the same.
  public let reference: String
  /// The interface the letter authorizes a connection for.
  public let interface: InterfaceID
  /// The interface's state when the document was made.
  public let state: InterfaceState
  /// When the allocation the letter names was made: the approval, or the latest move of the
  /// interface by `patchbay drain --apply`.
  public let issuedAt: Date
  /// The customer account.
  public let account: AccountID
  /// The customer's company, as on the LOA application.
  public let companyName: String
  /// The company that lays the line.
  public let constructionCompany: String
  /// How the line is built.
  public let constructionType: ConstructionType
  /// When the installers are expected.
  public let scheduledConstructionTime: Date
  /// Who is expected, in the order of the application.
  public let fieldEngineers: [Engineer]
  /// The line operator that brings the leased line.
  public let lineOperator: LineOperator
  /// The region.
  public let region: RegionID
  /// The region's name for people, when the inventory gives one.
  public let regionName: String?
  /// The access point: the cloud's data centre.
  public let accessPoint: AccessPointID
  /// The access point's name for people, when the inventory gives one.
  public let accessPointName: String?
  /// The data centre's address (`accessPoints[].location`); `nil` when not recorded.
  public let location: String?
  /// The device whose port is reserved.
  public let device: DeviceID
  /// Where the device stands: room, row, cabinet (`devices[].cabinet`); `nil` when not recorded.
  public let cabinet: String?
  /// The reserved port's name on ``device``, such as `1/1/3`.
  public let port: String
  /// The port type applied for, which the port accepts.
  public let portType: PortType
  /// The redundant connection, when the interface names one.
  public let redundantConnection: RedundantConnection?

  /// The port specification, which the port type decides.
  public var portSpec: PortSpec { portType.spec }

  /// The document of `interface`, which must hold its port: in ``InterfaceState/approvedLOA``
  /// or a later state that still holds it (``InterfaceState/holdsPort``).
  ///
  /// - Parameters:
  ///   - interface: the interface, as the store holds it.
  ///   - history: its history: the latest `approve` or `move` entry dates the allocation.
  ///   - slice: the inventory around it: its access point and device, and its redundant
  ///     connection when it names one (with that connection's access point, for its cabinet).
  /// - Throws: ``LifecycleError`` `invalid_transition` naming the state when the interface
  ///   holds no port (before approval, or after cancel or terminate); ``InventoryError`` when the
  ///   store contradicts itself (a device, port or approval the slice or history lacks).
  public init(interface: Interface, history: [HistoryEntry], slice: InventorySlice) throws {
    guard interface.state.holdsPort else {
      throw LifecycleError.noLOADocument(interface: interface.id, state: interface.state)
    }
    guard let loa = interface.loa else {
      throw Self.inconsistent(interface, "holds a port but has no LOA application")
    }
    guard let deviceID = interface.device, let port = interface.port else {
      throw Self.inconsistent(interface, "is \(interface.state.rawValue) but names no port")
    }
    let inventory = try slice.inventory()
    guard let accessPoint = inventory.accessPoint(interface.accessPoint) else {
      throw Self.inconsistent(interface, "names access point \(interface.accessPoint), unknown")
    }
    guard let device = inventory.device(deviceID), device.accessPoint == accessPoint.id,
      inventory.port(named: port, of: deviceID) != nil
    else {
      throw Self.inconsistent(
        interface,
        "holds device \(deviceID) port \(port), which is not a port of \(accessPoint.id)")
    }
    guard
      let allocation = history.last(where: {
        $0.interface == interface.id && ($0.action == .approve || $0.action == .move)
      })
    else {
      throw Self.inconsistent(interface, "holds a port but its history has no approval")
    }

    self.reference = Self.reference(
      interface: interface.id, device: deviceID, port: port, allocatedAt: allocation.at)
    self.interface = interface.id
    self.state = interface.state
    self.issuedAt = allocation.at
    self.account = interface.account
    self.companyName = loa.companyName
    self.constructionCompany = loa.constructionCompany
    self.constructionType = loa.constructionType
    self.scheduledConstructionTime = loa.scheduledConstructionTime
    self.fieldEngineers = loa.fieldEngineers.map {
      Engineer(
        name: $0.name, contact: $0.contact, certificateType: $0.certificateType,
        maskedCertificateNumber: CertificateMask.masked($0.certificateNumber))
    }
    self.lineOperator = interface.lineOperator
    self.region = accessPoint.region
    self.regionName = inventory.region(accessPoint.region)?.name
    self.accessPoint = accessPoint.id
    self.accessPointName = accessPoint.name
    self.location = Self.recorded(accessPoint.location)
    self.device = deviceID
    self.cabinet = Self.recorded(device.cabinet)
    self.port = port
    self.portType = interface.portType
    self.redundantConnection = interface.redundantConnection.map {
      Self.partner($0, of: interface, in: slice, inventory: inventory)
    }
  }

  /// `LOA-` and the first 12 hexadecimal digits (upper case) of the 64-bit FNV-1a hash of the
  /// interface id, the device, the port and the allocation time (ISO 8601, whole seconds, as
  /// the history prints it), separated by the unit separator U+001F. A check value that changes
  /// with the allocation, not a secret: anyone with the four facts can compute it.
  public static func reference(
    interface: InterfaceID, device: DeviceID, port: String, allocatedAt: Date
  ) -> String {
    let text = [interface.rawValue, device.rawValue, port, ISO8601Time.format(allocatedAt)]
      .joined(separator: "\u{1F}")
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash &*= 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16, uppercase: true)
    return "LOA-" + String(String(repeating: "0", count: 16 - hex.count) + hex).prefix(12)
  }

  // MARK: Parts

  /// The redundant connection as the document may show it: another account's is named only.
  private static func partner(
    _ id: ConnectionID, of interface: Interface, in slice: InventorySlice, inventory: Inventory
  ) -> RedundantConnection {
    let found: Connection? =
      slice.interfaces.first { $0.id == id }?.connection ?? inventory.connection(id)
    guard let found else {
      // The slice leaves out interfaces that are over: canceled or terminated since.
      return RedundantConnection(
        id: id, isOtherAccount: false, status: nil, accessPoint: nil, device: nil, cabinet: nil,
        port: nil)
    }
    guard found.account == interface.account else {
      return RedundantConnection(
        id: id, isOtherAccount: true, status: nil, accessPoint: nil, device: nil, cabinet: nil,
        port: nil)
    }
    let holds = found.status.holdsPort && found.device != nil && found.port != nil
    return RedundantConnection(
      id: id, isOtherAccount: false, status: found.status, accessPoint: found.accessPoint,
      device: holds ? found.device : nil,
      cabinet: holds
        ? found.device.flatMap { inventory.device($0) }.flatMap { recorded($0.cabinet) } : nil,
      port: holds ? found.port : nil)
  }

  /// A text the inventory gives, or `nil` when it gives none or only white space.
  private static func recorded(_ text: String?) -> String? {
    guard let text, !text.isBlank else { return nil }
    return text
  }

  private static func inconsistent(_ interface: Interface, _ problem: String) -> InventoryError {
    InventoryError(problems: [
      .init(
        place: "interface \(interface.id)",
        message: "\(problem); the database contradicts itself, so no LOA can be issued "
          + "(export it with `patchbay state export` and report this)")
    ])
  }
}
