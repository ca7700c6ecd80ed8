import Foundation
import Testing

/// `patchbay state init` and `state export`: the exported inventory is the one imported plus a
/// connection for every interface that holds a port, and `allocate`, `verify` and `validate`
/// accept it.
@Suite struct StateCommandTests {
  @Test func initPrintsTheInventorysCounts() throws {
    let workspace = try ProvisioningWorkspace(inventory: nil)
    defer { workspace.remove() }
    let made = try PatchbayRunner.run(
      "state", "init", "--db", workspace.db, "--inventory",
      PatchbayRunner.fixture("datacenter/inventory.json"))
    #expect(made.status == 0, "\(made.stderr)")
    let inventory = PrintedJSON.object(made)["inventory"] as? [String: Int] ?? [:]
    #expect(inventory["ports"] == 472)
    #expect(inventory["freePorts"] == 446)
    #expect(inventory["connections"] == 38)
  }

  @Test func anUntouchedDatabaseExportsTheInventoryItWasMadeFrom() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    let exported = try PatchbayRunner.run("state", "export", "--db", workspace.db)
    #expect(exported.status == 0, "\(exported.stderr)")
    let original = try workspace.file("original.json", exported.stdout)
    let validated = try PatchbayRunner.run("validate", "--inventory", original)
    #expect(validated.status == 0, "\(validated.stderr)")
    #expect(validated.stdout.contains("472 ports (446 free), 38 connections."))
  }

  @Test func theExportHoldsTheApprovedPortsAndAllocateAndVerifyAcceptIt() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    // Three interfaces that hold ports in different states, one canceled after approval (its
    // port is free again) and one never approved.
    var held: [String: (device: String, port: String)] = [:]
    for (index, id) in ["if-held-1", "if-held-2", "if-held-3", "if-freed", "if-pending"]
      .enumerated()
    {
      #expect(
        try workspace.interface("apply", "--request", workspace.request(id, account: "930\(index)"))
          .status == 0)
      guard id != "if-pending" else { continue }
      #expect(try workspace.run("apply-loa", id).status == 0)
      let approved = PrintedJSON.object(try workspace.run("approve", id))
      held[id] = (approved["device"] as? String ?? "?", approved["port"] as? String ?? "?")
    }
    #expect(try workspace.run("deliver", "if-held-2").status == 0)
    #expect(try workspace.run("deliver", "if-held-3").status == 0)
    #expect(try workspace.run("connect", "if-held-3").status == 0)
    #expect(try workspace.run("cancel", "if-freed").status == 0)

    let output = workspace.path("now.json")
    let exported = try PatchbayRunner.run(
      "state", "export", "--db", workspace.db, "--output", output)
    #expect(exported.status == 0, "\(exported.stderr)")
    #expect(exported.stdout.isEmpty)
    let text = try String(contentsOfFile: output, encoding: .utf8)
    let toStandardOutput = try PatchbayRunner.run("state", "export", "--db", workspace.db)
    #expect(toStandardOutput.stdout == text)
    let statuses = ["if-held-1": "Allocated", "if-held-2": "Allocated", "if-held-3": "Confirmed"]
    for (id, status) in statuses {
      let place = held[id]!
      #expect(
        text.contains(
          #"{ "id": "\#(id)", "account": "#),
        "\(id) is missing from the export")
      let line = text.split(separator: "\n").first { $0.contains(#""id": "\#(id)""#) } ?? ""
      #expect(line.contains(#""device": "\#(place.device)", "port": "\#(place.port)""#))
      #expect(line.contains(#""status": "\#(status)""#))
    }
    #expect(!text.contains("if-freed"))
    #expect(!text.contains("if-pending"))

    let validated = try PatchbayRunner.run("validate", "--inventory", output)
    #expect(
      validated.stdout.contains("472 ports (443 free), 41 connections."), "\(validated.stdout)")
    let requests = PatchbayRunner.fixture("datacenter/requests.json")
    let plan = workspace.path("plan.json")
    let allocated = try PatchbayRunner.run(
      "allocate", "--inventory", output, "--requests", requests, "--output", plan)
    #expect(allocated.status == 0, "\(allocated.stderr)")
    let verified = try PatchbayRunner.run(
      "verify", "--inventory", output, "--requests", requests, "--plan", plan)
    #expect(verified.status == 0, "\(verified.stdout)")
    // No assignment of the new plan takes a port an interface holds.
    let planText = try String(contentsOfFile: plan, encoding: .utf8)
    for (id, place) in held where id != "if-freed" {
      #expect(
        !planText.contains(#""device": "\#(place.device)", "port": "\#(place.port)""#), "\(id)")
    }
  }
}

/// A held interface whose redundant partner was canceled since still names it: the export keeps
/// the partner as a Canceled connection, holding nothing, so the link resolves.
@Suite struct StateExportLinkTests {
  @Test func aCanceledPartnerStaysInTheExportSoTheLinkResolves() throws {
    let workspace = try ProvisioningWorkspace()
    defer { workspace.remove() }
    for (id, partner) in [("if-first", nil), ("if-second", "if-first")] {
      let request = try workspace.request(id, account: "9400", redundantConnection: partner)
      #expect(try workspace.interface("apply", "--request", request).status == 0)
      #expect(try workspace.run("apply-loa", id).status == 0)
      #expect(try workspace.run("approve", id).status == 0)
    }
    #expect(try workspace.run("cancel", "if-first").status == 0)
    let output = workspace.path("now.json")
    let exported = try PatchbayRunner.run(
      "state", "export", "--db", workspace.db, "--output", output)
    #expect(exported.status == 0, "\(exported.stderr)")
    let validated = try PatchbayRunner.run("validate", "--inventory", output)
    #expect(validated.status == 0, "\(validated.stderr)")
    #expect(
      validated.stdout.contains("472 ports (445 free), 40 connections."), "\(validated.stdout)")
    let text = try String(contentsOfFile: output, encoding: .utf8)
    let first = text.split(separator: "\n").first { $0.contains(#""id": "if-first""#) } ?? ""
    #expect(first.contains(#""device": null, "port": null"#))
    #expect(first.contains(#""status": "Canceled""#))
  }
}
