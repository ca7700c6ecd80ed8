/// The status of a Letter of Authorization, as Alibaba's API reports it (`LoaStatus`).
public enum LOAStatus: String, CaseIterable, Sendable, Hashable, Codable {
  /// `Applying`: under review (``InterfaceState/inApplication``).
  case applying = "Applying"
  /// `Accept`: the API's status of an accepted application; no ``InterfaceState`` maps to it.
  case accept = "Accept"
  /// `Available`: approved, naming the device port (``InterfaceState/approvedLOA``).
  case available = "Available"
  /// `Rejected`: the review refused it (``InterfaceState/loaRejected``).
  case rejected = "Rejected"
  /// `Completing`: the cable is being patched (``InterfaceState/waitingForConnection``).
  case completing = "Completing"
  /// `Complete`: the cable is patched (``InterfaceState/waitingForPayment`` and after).
  case complete = "Complete"
  /// `Deleted`: the interface was canceled (``InterfaceState/canceled``).
  case deleted = "Deleted"
}
