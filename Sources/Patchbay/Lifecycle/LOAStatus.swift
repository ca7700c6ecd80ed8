/// The status of a Letter of Authorization, as Alibaba's API reports it (`LoaStatus`).
public enum LOAStatus: String, CaseIterable, Sendable, Hashable, Codable {
  case applying = "Applying"
  case accept = "Accept"
  case available = "Available"
  case rejected = "Rejected"
  case completing = "Completing"
  case complete = "Complete"
  case deleted = "Deleted"
}
