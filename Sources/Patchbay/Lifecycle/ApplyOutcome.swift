/// What became of one request of ``Provisioner/apply(all:progress:)``: it was applied and is now
/// an interface in ``InterfaceState/toApplyForLOA``, or it was refused and nothing of it was
/// stored.
///
/// An enumeration, so that an outcome is one or the other: an applied request has its interface
/// and no refusal, a refused one its refusal and no interface.
public enum ApplyOutcome: Sendable, Hashable {
  /// The request became this interface, exactly as ``Provisioner/apply(_:)`` would return it.
  case applied(Interface)
  /// The request was refused, with the error ``Provisioner/apply(_:)`` would have thrown for it
  /// at that point of the batch (a rejection code, `duplicate_interface`, ...).
  case refused(request: RequestID, LifecycleError)

  /// The id of the request this outcome is about.
  public var request: RequestID {
    switch self {
    case .applied(let interface): RequestID(interface.id.rawValue)
    case .refused(let request, _): request
    }
  }

  /// The new interface, or `nil` for a refused request.
  public var interface: Interface? {
    if case .applied(let interface) = self { interface } else { nil }
  }

  /// Why the request was refused, or `nil` for an applied one.
  public var refusal: LifecycleError? {
    if case .refused(_, let error) = self { error } else { nil }
  }
}
