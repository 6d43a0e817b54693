import ArgumentParser

/// `callpark`: the SIP call park service and its administration commands.
@main
struct CallparkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callpark",
        abstract: "A SIP call park service with paired server pools and disaster recovery.",
        subcommands: [ServeCommand.self, SIPCommand.self]
    )
}

/// `callpark serve` (the deployment arrives with the pools issue).
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the call park deployment (coming: pools, registrar and routing are the next milestone)."
    )

    func run() throws {
        print("callpark serve: not available yet.")
        print("The SIP message layer is in place; try `callpark sip check FILE` on a captured SIP message.")
        throw ExitCode(3)
    }
}
