/// A refused provisioning command as JSON: `{"error": {"code": ..., "message": ...}}`, so a
/// script reads the same shape whatever refused it (the lifecycle or the store).
package enum RefusalJSON {
  package static func bytes(code: String, message: String) -> [UInt8] {
    var writer = JSONWriter()
    writer.raw("{ \"error\": ")
    writer.inlineObject([("code", .string(code)), ("message", .string(message))])
    writer.raw(" }\n")
    return writer.bytes
  }
}
