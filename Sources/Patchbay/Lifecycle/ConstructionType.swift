/// How the leased line is built. SDH is not supported and is refused by name.
public enum ConstructionType: String, CaseIterable, Sendable, Hashable, Codable {
  case mstp = "MSTP"
  case mplsvpn = "MPLSVPN"
  case fibre = "FIBRE"
  case others = "Others"
}
